//! The meeting deck of a view, as the window and the command line export it:
//! the slides gathered from the engine, then written as PowerPoint or PDF.

use crate::chart::deck::{self, DeckFormat};
use crate::error::Result;
use crate::kpi::{Context, Query};

/// The deck of the query's view in `format`. `progress(done, total)` is
/// called while the slides are gathered with (0, 0) (no count yet), then as
/// they are written with the slides written and the deck's slide count; it
/// returns false to cancel.
pub fn deck_file(
    ctx: &Context<'_>,
    q: &Query,
    format: DeckFormat,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Vec<u8>> {
    let d = deck::build(ctx, q, &mut |_, _| progress(0, 0))?;
    deck::write(&d, format, progress)
}
