//! The fonts compiled into the binary (see `fonts/README.md`): Inter for
//! everything, WenQuanYi Micro Hei for the characters Inter lacks (Chinese,
//! Japanese, Korean). plotters measures with them (its `ab_glyph` feature) and
//! resvg lays out and rasterises with them; no system font is ever read.

use std::sync::{Arc, OnceLock};

use ab_glyph::{Font, FontRef, GlyphId};
use resvg::usvg::fontdb;

pub const FAMILY: &str = "Inter";

static REGULAR: &[u8] = include_bytes!("../../fonts/Inter-Regular.otf");
static SEMIBOLD: &[u8] = include_bytes!("../../fonts/Inter-SemiBold.otf");
/// A collection: the proportional face (index 0) and a monospaced one.
static FALLBACK: &[u8] = include_bytes!("../../fonts/wqy-microhei.ttc");

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    fallback: FontRef<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        // The files are part of the binary and tested; they cannot be invalid.
        let face = |b: &'static [u8]| FontRef::try_from_slice(b).expect("embedded font");
        let f = Faces {
            regular: face(REGULAR),
            bold: face(SEMIBOLD),
            fallback: FontRef::try_from_slice_and_index(FALLBACK, 0).expect("embedded font"),
        };
        // plotters measures axis labels with its own registry.
        let _ = plotters::style::register_font(FAMILY, plotters::style::FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FAMILY, plotters::style::FontStyle::Bold, SEMIBOLD);
        f
    })
}

/// The embedded font files: regular, semibold and the CJK fallback
/// collection (what the deck's PDF embeds subsets of).
pub fn files() -> [&'static [u8]; 3] {
    [REGULAR, SEMIBOLD, FALLBACK]
}

/// Registers the fonts with plotters (once); call before drawing.
pub fn init() {
    faces();
}

/// The font database resvg uses: the embedded faces only.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for bytes in [REGULAR, SEMIBOLD, FALLBACK] {
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

fn advance(font: &FontRef<'static>, id: GlyphId) -> f32 {
    font.h_advance_unscaled(id) / font.units_per_em().unwrap_or(1000.0)
}

/// The width of `text` set at `size` (the em size), in the same unit.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let f = faces();
    let main = if bold { &f.bold } else { &f.regular };
    let mut em = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = main.glyph_id(c);
        if id.0 == 0 && !c.is_control() {
            em += advance(&f.fallback, f.fallback.glyph_id(c));
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            em += main.kern_unscaled(p, id) / main.units_per_em().unwrap_or(1000.0);
        }
        em += advance(main, id);
        prev = Some(id);
    }
    em as f64 * size
}

/// `text` cut with an ellipsis to fit `max` at `size`.
pub fn fit(text: &str, size: f64, bold: bool, max: f64) -> String {
    let max = max + 1e-6;
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    // No label is wider than a few hundred characters: cut long cells first,
    // then find the longest prefix that fits by bisection.
    let chars: Vec<char> = text.chars().take(400).collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if width(&cut(mid), size, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 && width("…", size, bold) > max {
        return String::new();
    }
    cut(lo)
}

/// Splits `text` into lines of at most `max` wide at `size`, breaking at
/// spaces (a word wider than a line is cut).
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size, false) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| fit(&l, size, false, max))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_cover_latin_accents_and_cjk() {
        let f = faces();
        for c in ['A', 'é', 'ß', 'Ø', '€', '…', '·'] {
            assert_ne!(f.regular.glyph_id(c).0, 0, "Inter lacks {c}");
        }
        for c in ['王', '東', 'の', '한', '逼'] {
            assert_eq!(f.regular.glyph_id(c).0, 0);
            assert_ne!(f.fallback.glyph_id(c).0, 0, "the fallback lacks {c}");
        }
        // Inter regular and semibold, the two faces of the collection.
        assert_eq!(database().len(), 4);
    }

    #[test]
    fn text_is_measured_fitted_and_wrapped() {
        let w = width("Revenue", 20.0, false);
        assert!(w > 60.0 && w < 100.0, "{w}");
        assert!(width("Revenue", 20.0, true) > w);
        // CJK glyphs are about one em wide.
        let cjk = width("王小明", 20.0, false);
        assert!((55.0..=62.0).contains(&cjk), "{cjk}");
        let cut = fit("Northern Territories Enterprise", 20.0, false, 120.0);
        assert!(
            cut.ends_with('…') && width(&cut, 20.0, false) <= 120.0,
            "{cut}"
        );
        assert_eq!(fit("East", 20.0, false, 120.0), "East");
        let long = "x".repeat(100_000);
        let cut = fit(&long, 20.0, false, 120.0);
        assert!(cut.ends_with('…') && width(&cut, 20.0, false) <= 120.0);
        assert!(
            width(&cut.replacen('…', "x…", 1), 20.0, false) > 120.0,
            "not the longest fit"
        );
        assert_eq!(fit("Revenue", 20.0, false, 1.0), "");
        let lines = wrap("one two three four five six seven eight", 20.0, 120.0);
        assert!(lines.len() >= 3 && lines.iter().all(|l| width(l, 20.0, false) <= 120.0));
        assert_eq!(lines.join(" "), "one two three four five six seven eight");
    }
}
