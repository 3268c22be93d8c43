//! Charts: one renderer for the window, the exports and the CLI.
//!
//! [`data::build`] gathers a chart's numbers from the KPI engine; [`svg`]
//! draws it with plotters (SVG backend, fonts measured with the embedded
//! faces); [`display_svg`] and [`png`] hand that SVG to resvg with the same
//! embedded fonts, which turns text into outlines for the screen and an SVG
//! file, or rasterises it for a PNG. Nothing depends on the machine's fonts,
//! so the window, the slide and the cron job show the same picture.

// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod canvas;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod data;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod deck;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod draw;
// Reached from outside the crate only through the hidden `internals`.
#[allow(missing_docs)]
pub mod fonts;

use std::io::Write as _;

use resvg::{tiny_skia, usvg};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use data::Chart;

use crate::error::{Error, ErrorCode, Result};
use crate::kpi::{Context, Query};

/// What to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartKind {
    /// The balanced scorecard: perspectives, scores and every KPI.
    Scorecard,
    /// A KPI's gauge against its goal.
    Gauge(String),
    /// A KPI's bullet chart.
    Bullet(String),
    /// A KPI's scorecard tile.
    Tile(String),
    /// A KPI's monthly trend with goal and forecast.
    Trend(String),
    /// A KPI broken down by a dimension: (KPI, dimension).
    Breakdown(String, String),
    /// The funnel from leads to won deals.
    Funnel,
    /// Will the view hit its revenue goal: closed, commit, best case and
    /// pipeline against the goal.
    Outlook,
    /// A KPI's segments ranked by attainment of their goals: (KPI, dimension).
    Leaderboard(String, String),
    /// Why a KPI moved since the previous period: a waterfall by a dimension
    /// (the one that explains most when none).
    Explain(String, Option<String>),
}

const SYNTAX: &str =
    "scorecard, funnel, outlook, gauge:KPI, bullet:KPI, tile:KPI, trend:KPI, breakdown:KPI:DIMENSION, leaderboard:KPI[:DIMENSION] or explain:KPI[:DIMENSION]";

impl ChartKind {
    /// Reads `scorecard`, `gauge:win_rate`, `breakdown:total_revenue:region` ...
    pub fn parse(text: &str) -> Result<ChartKind> {
        let t = text.trim();
        let parts: Vec<&str> = t.split(':').map(str::trim).collect();
        let bad = || {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("\"{t}\" is not a chart; write {SYNTAX}"),
            )
        };
        let kpi =
            |id: &str| -> Result<String> { Ok(crate::kpi::settings::kpi_def(id)?.id.to_string()) };
        Ok(match parts.as_slice() {
            ["scorecard"] => ChartKind::Scorecard,
            ["funnel"] => ChartKind::Funnel,
            ["outlook"] => ChartKind::Outlook,
            ["explain", id] => ChartKind::Explain(kpi(id)?, None),
            ["explain", id, dim] if !dim.is_empty() => {
                ChartKind::Explain(kpi(id)?, Some(dim.to_lowercase()))
            }
            ["leaderboard", id] => ChartKind::Leaderboard(kpi(id)?, "rep".into()),
            ["leaderboard", id, dim] if !dim.is_empty() => {
                ChartKind::Leaderboard(kpi(id)?, dim.to_lowercase())
            }
            ["gauge", id] => ChartKind::Gauge(kpi(id)?),
            ["bullet", id] => ChartKind::Bullet(kpi(id)?),
            ["tile", id] => ChartKind::Tile(kpi(id)?),
            ["trend", id] => ChartKind::Trend(kpi(id)?),
            ["breakdown", id, dim] if !dim.is_empty() => {
                ChartKind::Breakdown(kpi(id)?, dim.to_lowercase())
            }
            _ => return Err(bad()),
        })
    }

    /// The KPI the chart is about, if one.
    pub fn kpi(&self) -> Option<&str> {
        match self {
            ChartKind::Gauge(k)
            | ChartKind::Bullet(k)
            | ChartKind::Tile(k)
            | ChartKind::Trend(k)
            | ChartKind::Breakdown(k, _)
            | ChartKind::Leaderboard(k, _)
            | ChartKind::Explain(k, _) => Some(k),
            ChartKind::Scorecard | ChartKind::Funnel | ChartKind::Outlook => None,
        }
    }

    /// The chart as `parse` reads it.
    pub fn spec(&self) -> String {
        match self {
            ChartKind::Scorecard => "scorecard".into(),
            ChartKind::Funnel => "funnel".into(),
            ChartKind::Gauge(k) => format!("gauge:{k}"),
            ChartKind::Bullet(k) => format!("bullet:{k}"),
            ChartKind::Tile(k) => format!("tile:{k}"),
            ChartKind::Trend(k) => format!("trend:{k}"),
            ChartKind::Breakdown(k, d) => format!("breakdown:{k}:{d}"),
            ChartKind::Outlook => "outlook".into(),
            ChartKind::Leaderboard(k, d) if d == "rep" => format!("leaderboard:{k}"),
            ChartKind::Leaderboard(k, d) => format!("leaderboard:{k}:{d}"),
            ChartKind::Explain(k, None) => format!("explain:{k}"),
            ChartKind::Explain(k, Some(d)) => format!("explain:{k}:{d}"),
        }
    }

    /// A file name for the chart (no extension): `gauge-win_rate`. Only
    /// letters, digits, `_` and `-`: a dimension written into a spec can
    /// never make the name leave the folder it is written to.
    pub fn file_stem(&self) -> String {
        self.spec()
            .chars()
            .map(|c| match c {
                ':' => '-',
                c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => c,
                _ => '_',
            })
            .collect()
    }
}

/// Output size: `width` × `height` layout pixels, rasterised at `scale`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "ChartSize.ts")]
pub struct Size {
    /// Width in layout pixels.
    pub width: u32,
    /// Height in layout pixels.
    pub height: u32,
    /// Pixels per layout pixel in a PNG (1, 2 or 3).
    pub scale: f64,
}

/// A named output size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export_to = "SizePreset.ts")]
pub struct Preset {
    /// The preset's id (`slide`, `4:3`, `square`).
    pub id: &'static str,
    /// Its name in the export dialog.
    pub name: &'static str,
    /// Width in layout pixels.
    pub width: u32,
    /// Height in layout pixels.
    pub height: u32,
}

/// The export sizes the window and `--preset` offer.
pub const PRESETS: [Preset; 3] = [
    Preset {
        id: "slide",
        name: "16:9 slide",
        width: 1920,
        height: 1080,
    },
    Preset {
        id: "4:3",
        name: "4:3 slide",
        width: 1600,
        height: 1200,
    },
    Preset {
        id: "square",
        name: "Square",
        width: 1080,
        height: 1080,
    },
];

/// The scales exports offer.
pub const SCALES: [f64; 3] = [1.0, 2.0, 3.0];

/// The largest image side, in pixels after scaling (a 3x slide is 5760).
pub const MAX_SIDE: f64 = 8192.0;
/// The most pixels one picture may have (160 MB of RGBA while it is encoded).
pub const MAX_PIXELS: f64 = 40_000_000.0;

impl Default for Size {
    fn default() -> Self {
        Size {
            width: 1920,
            height: 1080,
            scale: 1.0,
        }
    }
}

impl Size {
    /// Refuses a size outside what an export may be (side, pixels, scale).
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::new(ErrorCode::InvalidArgument, m));
        if !(200..=4096).contains(&self.width) || !(200..=4096).contains(&self.height) {
            return bad(format!(
                "a chart is 200 to 4096 pixels wide and high, not {}x{}",
                self.width, self.height
            ));
        }
        let (long, short) = (self.width.max(self.height), self.width.min(self.height));
        if long > 3 * short {
            return bad(format!(
                "a chart is at most three times as wide as high (or high as wide), not {}x{}",
                self.width, self.height
            ));
        }
        if !(self.scale.is_finite() && (0.5..=4.0).contains(&self.scale)) {
            return bad(format!(
                "the scale is 0.5 to 4 (1, 2 or 3 for slides), not {}",
                self.scale
            ));
        }
        let pixels = f64::from(self.width) * f64::from(self.height) * self.scale * self.scale;
        if pixels > MAX_PIXELS {
            return bad(format!(
                "{}x{} at {}x would be {:.0} million pixels; the limit is {:.0} million",
                self.width,
                self.height,
                self.scale,
                pixels / 1e6,
                MAX_PIXELS / 1e6
            ));
        }
        let side = self.width.max(self.height) as f64 * self.scale;
        if side > MAX_SIDE {
            return bad(format!(
                "{}x{} at {}x would be {} pixels wide; the limit is {MAX_SIDE}",
                self.width, self.height, self.scale, side
            ));
        }
        Ok(())
    }
}

/// Draws a chart as SVG (plotters' output, text as text in the embedded
/// family) at `width` × `height`. `framed` adds the title, period, data date
/// and definitions that every export carries.
pub fn svg(chart: &Chart, width: u32, height: u32, framed: bool) -> Result<String> {
    Ok(svg_spots(chart, width, height, framed)?.0)
}

/// [`svg`], with the areas of the picture that stand for something (a
/// trend's months, in fractions of the picture's size).
pub fn svg_spots(
    chart: &Chart,
    width: u32,
    height: u32,
    framed: bool,
) -> Result<(String, Vec<canvas::Spot>)> {
    draw_svg(width, height, |c| draw::chart(c, chart, framed))
}

/// Draws with `draw` on a `width` × `height` canvas: plotters' SVG and the
/// spots marked on it.
fn draw_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&canvas::Canvas<'_>) -> Result<()>,
) -> Result<(String, Vec<canvas::Spot>)> {
    let (w, h) = (width as f64, height as f64);
    let mut buf = String::new();
    let spots = {
        let c = canvas::Canvas::new(&mut buf, w, h);
        draw(&c)?;
        c.finish()?
    };
    // The document is drawn at K times the size; its user size is w × h.
    let inner = format!(
        "width=\"{}\" height=\"{}\"",
        (w * canvas::K).round() as u32,
        (h * canvas::K).round() as u32
    );
    Ok((
        buf.replacen(&inner, &format!("width=\"{width}\" height=\"{height}\""), 1),
        spots,
    ))
}

fn tree(svg: &str) -> Result<usvg::Tree> {
    let opt = usvg::Options {
        fontdb: fonts::database(),
        font_family: fonts::FAMILY.to_string(),
        ..Default::default()
    };
    usvg::Tree::from_str(svg, &opt).map_err(|e| {
        Error::new(
            ErrorCode::Render,
            format!("the chart's SVG did not parse: {e}"),
        )
    })
}

/// The SVG as the window shows it and the `.svg` export writes it: text laid
/// out with the embedded fonts and turned into outlines, so it looks the same
/// wherever it is opened.
pub fn display_svg(svg: &str) -> Result<String> {
    let t = tree(svg)?;
    // Hundredths of a layout pixel are finer than any screen shows, and
    // without indents the window receives a third of the text to parse.
    let out = t.to_string(&usvg::WriteOptions {
        coordinates_precision: 2,
        transforms_precision: 4,
        indent: usvg::Indent::None,
        attributes_indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    });
    // A viewBox lets the window scale the picture to its box.
    let (w, h) = (t.size().width(), t.size().height());
    let head = format!("<svg width=\"{w}\" height=\"{h}\"");
    Ok(out.replacen(&head, &format!("{head} viewBox=\"0 0 {w} {h}\""), 1))
}

/// Metadata written into a PNG.
#[derive(Debug, Clone, Default)]
pub struct PngInfo {
    /// The PNG's title text chunk (the chart's title).
    pub title: String,
    /// The PNG's description text chunk (period, filter, definitions).
    pub description: String,
}

/// Rasterises the SVG at `scale` onto a white background and encodes a PNG
/// whose resolution (pHYs) is 96 dpi × scale, with title and definitions as
/// text chunks.
pub fn png(svg: &str, scale: f64, info: &PngInfo) -> Result<Vec<u8>> {
    let (w, h, rgba) = raster(svg, scale)?;
    encode_png(&rgba, w, h, scale, info)
}

/// The SVG rasterised at `scale` on white: width, height and RGBA pixels (the
/// pixels a PNG export holds; the clipboard takes them as they are).
pub fn raster(svg: &str, scale: f64) -> Result<(u32, u32, Vec<u8>)> {
    let t = tree(svg)?;
    let size = t.size();
    let (w, h) = (
        (size.width() as f64 * scale).round() as u32,
        (size.height() as f64 * scale).round() as u32,
    );
    let mut pix = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| Error::new(ErrorCode::Render, format!("cannot make a {w}x{h} image")))?;
    pix.fill(tiny_skia::Color::WHITE);
    let s = scale as f32;
    resvg::render(
        &t,
        tiny_skia::Transform::from_scale(s, s),
        &mut pix.as_mut(),
    );
    // The background is opaque, so premultiplied RGBA is plain RGBA.
    Ok((w, h, pix.take()))
}

fn encode_png(rgba: &[u8], w: u32, h: u32, scale: f64, info: &PngInfo) -> Result<Vec<u8>> {
    let fail =
        |e: png::EncodingError| Error::new(ErrorCode::Render, format!("PNG encoding failed: {e}"));
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let ppm = (96.0 * scale / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        enc.add_itxt_chunk("Title".into(), info.title.clone())
            .map_err(fail)?;
        enc.add_itxt_chunk("Description".into(), info.description.clone())
            .map_err(fail)?;
        enc.add_text_chunk("Software".into(), "Salescope".into())
            .map_err(fail)?;
        let mut wr = enc.write_header().map_err(fail)?;
        // The background is opaque, so premultiplied RGBA is plain RGBA.
        wr.write_image_data(rgba).map_err(fail)?;
        wr.finish().map_err(fail)?;
    }
    let _ = out.flush();
    Ok(out)
}

/// A chart rendered for a file.
pub struct Rendered {
    /// plotters' SVG (text as text).
    pub svg: String,
    /// The chart's numbers, as drawn.
    pub chart: Chart,
}

impl Rendered {
    /// The text chunks a PNG of this chart carries.
    pub fn png_info(&self) -> PngInfo {
        let f = &self.chart.frame;
        PngInfo {
            title: format!("{} — {}", f.title, f.subtitle),
            description: format!("{}. {}", f.data_date, f.definitions.join("; ")),
        }
    }
}

/// Gathers and draws one chart for export (framed).
pub fn render(ctx: &Context<'_>, q: &Query, kind: &ChartKind, size: Size) -> Result<Rendered> {
    size.validate()?;
    let chart = data::build(ctx, q, kind)?;
    let svg = svg(&chart, size.width, size.height, true)?;
    Ok(Rendered { svg, chart })
}

/// The charts of a meeting: the scorecard, the funnel, the outlook and the
/// revenue leaderboard by rep (when the data has deals and reps), and for the
/// focus KPIs (the ones the team reviews) that have a value a gauge, a tile, a
/// bullet, a trend and breakdowns by every dimension of the data among team,
/// region, product and rep.
pub fn meeting_set(ctx: &Context<'_>, q: &Query) -> Result<Vec<ChartKind>> {
    let card = crate::kpi::scorecard(ctx, q)?;
    let mut out = vec![ChartKind::Scorecard, ChartKind::Funnel];
    if !ctx.facts.deals.created.is_empty() {
        out.push(ChartKind::Outlook);
    }
    let with_value: Vec<&str> = card
        .focus
        .iter()
        .filter_map(|id| card.kpis.iter().find(|k| k.id == *id))
        .filter(|k| k.value.is_some())
        .map(|k| k.id.as_str())
        .collect();
    for id in &with_value {
        out.push(ChartKind::Gauge(id.to_string()));
        out.push(ChartKind::Bullet(id.to_string()));
        out.push(ChartKind::Tile(id.to_string()));
        out.push(ChartKind::Trend(id.to_string()));
    }
    let dims = ctx.facts.dimensions();
    if card
        .kpis
        .iter()
        .any(|k| k.id == "total_revenue" && k.value.is_some())
        && dims.contains_key("rep")
        && !q.filter.contains_key("rep")
    {
        out.push(ChartKind::Leaderboard("total_revenue".into(), "rep".into()));
    }
    // Each dimension's breakdown once, for every KPI.
    let mut splits = Vec::new();
    for dim in ["team", "region", "product", "rep"] {
        if !dims.contains_key(dim) || q.filter.contains_key(dim) || with_value.is_empty() {
            continue;
        }
        let by = Query {
            by: Some(dim.to_string()),
            ..q.clone()
        };
        splits.push((dim, crate::kpi::scorecard(ctx, &by)?));
    }
    for id in &with_value {
        for (dim, split) in &splits {
            // Only where the KPI's records carry the dimension.
            let has_value = split.breakdown.iter().flatten().any(|s| {
                !s.value.is_empty() && s.kpis.iter().any(|k| k.id == *id && k.value.is_some())
            });
            if has_value {
                out.push(ChartKind::Breakdown(id.to_string(), dim.to_string()));
            }
        }
    }
    Ok(out)
}
