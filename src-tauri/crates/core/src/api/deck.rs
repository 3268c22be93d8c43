//! The meeting deck of a view, as the window and the command line export it:
//! the slides gathered from the engine, then written as PowerPoint or PDF.

use crate::chart::deck::{self, DeckFormat};
use crate::error::Result;
use crate::kpi::{Context, Query};

/// The deck of the query's view in `format`. `progress(done, total)` is called as
/// the slides are gathered and then written (`total` counts both), and
/// returns false to cancel.
pub fn deck_file(
    ctx: &Context<'_>,
    q: &Query,
    format: DeckFormat,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Vec<u8>> {
    // Gathering counts as the first half of the work, writing the second.
    let d = deck::build(ctx, q, &mut |done, total| progress(done, total * 2))?;
    let n = d.slides.len() as u32;
    deck::write(&d, format, &mut |done, total| {
        progress(n + done * n / total.max(1), 2 * n)
    })
}
