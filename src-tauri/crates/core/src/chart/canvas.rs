//! A thin layer over plotters' SVG backend: shapes and text in logical pixels
//! (f64), drawn at [`K`] times the size so that plotters' integer coordinates
//! leave a quarter-pixel precision; the document's width and height are the
//! logical size.

use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBColor, ShapeStyle};

use super::fonts;
use crate::error::{Error, ErrorCode, Result};

/// Internal units per logical pixel.
pub const K: f64 = 4.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

pub fn err<E: std::fmt::Debug>(e: E) -> Error {
    Error::new(
        ErrorCode::Render,
        format!("drawing the chart failed: {e:?}"),
    )
}

pub struct Canvas<'a> {
    pub area: DrawingArea<SVGBackend<'a>, Shift>,
    pub w: f64,
    pub h: f64,
    /// Areas of the picture the window can point at (a trend's months).
    spots: std::cell::RefCell<Vec<Spot>>,
    /// The smallest body text a chart drawn here sets (0: the charts' own).
    pub min_text: std::cell::Cell<f64>,
}

/// An area of the picture, in fractions of its width and height, and what
/// it stands for (a trend's month by its index).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub index: usize,
}

fn q(v: f64) -> i32 {
    (v * K).round() as i32
}

impl<'a> Canvas<'a> {
    pub fn new(buf: &'a mut String, w: f64, h: f64) -> Canvas<'a> {
        fonts::init();
        let size = ((w * K).round() as u32, (h * K).round() as u32);
        let area = SVGBackend::with_string(buf, size).into_drawing_area();
        Canvas {
            area,
            w,
            h,
            spots: Default::default(),
            min_text: Default::default(),
        }
    }

    /// Marks the area `x, y, w, h` (logical pixels) as standing for `index`.
    pub fn spot(&self, x: f64, y: f64, w: f64, h: f64, index: usize) {
        self.spots.borrow_mut().push(Spot {
            x: x / self.w,
            y: y / self.h,
            w: w / self.w,
            h: h / self.h,
            index,
        });
    }

    /// Presents the drawing; gives the spots marked on it.
    pub fn finish(self) -> Result<Vec<Spot>> {
        self.area.present().map_err(err)?;
        Ok(self.spots.into_inner())
    }

    fn pts(points: &[(f64, f64)]) -> Vec<(i32, i32)> {
        points.iter().map(|&(x, y)| (q(x), q(y))).collect()
    }

    pub fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, c: RGBColor) -> Result<()> {
        self.area
            .draw(&Rectangle::new(
                [(q(x0), q(y0)), (q(x1), q(y1))],
                c.filled(),
            ))
            .map_err(err)
    }

    /// A filled rectangle with rounded corners of radius `r`.
    pub fn round_rect(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        r: f64,
        c: RGBColor,
    ) -> Result<()> {
        let r = r.min((x1 - x0) / 2.0).min((y1 - y0) / 2.0).max(0.0);
        if r < 0.5 {
            return self.rect(x0, y0, x1, y1, c);
        }
        let mut pts = Vec::new();
        let corners = [
            (x1 - r, y0 + r, -90.0),
            (x1 - r, y1 - r, 0.0),
            (x0 + r, y1 - r, 90.0),
            (x0 + r, y0 + r, 180.0),
        ];
        for (cx, cy, start) in corners {
            for i in 0..=6 {
                let a = (start + 15.0 * i as f64).to_radians();
                pts.push((cx + r * a.cos(), cy + r * a.sin()));
            }
        }
        self.poly(&pts, c)
    }

    pub fn poly(&self, points: &[(f64, f64)], c: RGBColor) -> Result<()> {
        self.area
            .draw(&Polygon::new(Self::pts(points), c.filled()))
            .map_err(err)
    }

    pub fn line(&self, points: &[(f64, f64)], c: RGBColor, width: f64) -> Result<()> {
        let style = ShapeStyle {
            color: c.to_rgba(),
            filled: false,
            stroke_width: q(width).max(1) as u32,
        };
        self.area
            .draw(&PathElement::new(Self::pts(points), style))
            .map_err(err)
    }

    /// A dashed polyline: `dash` drawn, `gap` skipped, along its length.
    pub fn dashed(&self, points: &[(f64, f64)], c: RGBColor, width: f64, dash: f64) -> Result<()> {
        let gap = dash * 0.7;
        let mut pen_down = true;
        let mut left = dash;
        let mut seg = vec![];
        for pair in points.windows(2) {
            let ((mut x, mut y), (x1, y1)) = (pair[0], pair[1]);
            if pen_down {
                seg.push((x, y));
            }
            let mut len = ((x1 - x).powi(2) + (y1 - y).powi(2)).sqrt();
            while len > 0.0 {
                let step = left.min(len);
                let t = step / len;
                x += (x1 - x) * t;
                y += (y1 - y) * t;
                len -= step;
                left -= step;
                if pen_down {
                    seg.push((x, y));
                }
                if left <= 1e-9 {
                    if pen_down && seg.len() > 1 {
                        self.line(&seg, c, width)?;
                    }
                    seg.clear();
                    pen_down = !pen_down;
                    left = if pen_down { dash } else { gap };
                    if pen_down {
                        seg.push((x, y));
                    }
                }
            }
        }
        if pen_down && seg.len() > 1 {
            self.line(&seg, c, width)?;
        }
        Ok(())
    }

    pub fn circle(&self, x: f64, y: f64, r: f64, c: RGBColor) -> Result<()> {
        self.area
            .draw(&Circle::new((q(x), q(y)), q(r).max(1) as u32, c.filled()))
            .map_err(err)
    }

    /// Text with its baseline at `y`, `size` the em size in logical pixels.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        s: &str,
        x: f64,
        y: f64,
        size: f64,
        bold: bool,
        c: RGBColor,
        align: Align,
    ) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        // Control characters (a stray tab or \u{1} in a cell) are not XML.
        let s: String = s
            .chars()
            .map(|ch| {
                // U+FFFE and U+FFFF are not characters XML may hold either.
                if ch.is_control() || ch == '\u{FFFE}' || ch == '\u{FFFF}' {
                    ' '
                } else {
                    ch
                }
            })
            .collect();
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let weight = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        // The SVG backend writes font-size = size / 1.24 and places a
        // top-anchored text's baseline 0.76 em below its y.
        let em = size * K;
        let font = FontDesc::new(FontFamily::Name(fonts::FAMILY), em * 1.24, weight)
            .color(&c)
            .pos(Pos::new(h, VPos::Top));
        let top = y * K - 0.76 * em;
        self.area
            .draw(&Text::new(s, (q(x), top.round() as i32), font))
            .map_err(err)
    }
}

/// Points of an arc around (cx, cy), angles in degrees (0 = east, clockwise
/// on screen as y grows downwards), at most 2 degrees apart.
pub fn arc(cx: f64, cy: f64, r: f64, from: f64, to: f64) -> Vec<(f64, f64)> {
    let n = (((to - from).abs() / 2.0).ceil() as usize).max(1);
    (0..=n)
        .map(|i| {
            let a = (from + (to - from) * i as f64 / n as f64).to_radians();
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect()
}

/// A ring segment between radii `r0` < `r1` from `from` to `to` degrees.
pub fn ring(cx: f64, cy: f64, r0: f64, r1: f64, from: f64, to: f64) -> Vec<(f64, f64)> {
    let mut pts = arc(cx, cy, r1, from, to);
    let mut inner = arc(cx, cy, r0, from, to);
    inner.reverse();
    pts.extend(inner);
    pts
}
