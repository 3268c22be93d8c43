//! The meeting deck (`export deck`): one file for the review, built from the
//! KPIs the team chose (the focus set). A cover, a summary written from the
//! numbers, a slide per focus KPI (gauge, trend with its notes, breakdown and
//! why it moved), the funnel, and the leaderboard and outlook when the data
//! has them. Every slide is drawn by the chart renderer on a 16:9 page; the
//! same slides become a PDF ([`pdf`]: vector, text kept as text) or a
//! PowerPoint package ([`pptx`]: a picture per slide, its title as text,
//! speaker notes).

mod pdf;
mod pptx;

pub use pdf::pdf;
pub use pptx::pptx;

use super::data::{self, Body, Breakdown, Chart, KpiView, Trend};
use super::draw::status_words;
use super::ChartKind;
use crate::error::{Error, ErrorCode, Result};
use crate::kpi::explain::{self, Explanation, Versus};
use crate::kpi::outlook::{self, Outlook, WhatIf};
use crate::kpi::{self, Context, KpiResult, Query, Status, Unit};
use crate::text as format;

/// A slide's size in layout pixels: 16:9, drawn as PowerPoint's widescreen
/// page (13.333 × 7.5 in).
pub const SLIDE: (u32, u32) = (1920, 1080);

/// The deck: its slides in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// `Sales review 2025-Q4`: the file's title.
    pub title: String,
    pub slides: Vec<Slide>,
    pub currency: Option<String>,
}

/// One slide: its title (text in both files), what it draws, the picture's
/// alt text and the speaker notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub title: String,
    /// Period and filters: `2025-Q4 (1 Oct – 31 Dec 2025) · region: East`.
    pub subtitle: String,
    /// `Data through 31 Dec 2025`.
    pub data_date: String,
    pub body: SlideBody,
    /// What the picture shows, for who cannot see it (the KPI, its value,
    /// goal and status).
    pub alt: String,
    /// The speaker notes (lines).
    pub notes: Vec<String>,
}

/// What a slide shows under its title.
#[derive(Debug, Clone, PartialEq)]
pub enum SlideBody {
    /// The period in large type, its dates, the segment and the data date.
    Cover {
        period: String,
        dates: String,
        segment: String,
    },
    /// The overall and perspective scores and the narrative.
    Summary {
        score: Option<f64>,
        status: Status,
        /// (name, score, status, KPIs scored).
        perspectives: Vec<(String, Option<f64>, Status, u32)>,
        lines: Vec<String>,
    },
    /// A focus KPI.
    Kpi(Box<KpiSlide>),
    /// A chart drawn as the export draws its body (funnel, outlook, leaderboard).
    Chart(Box<Chart>),
}

/// A focus KPI's slide: gauge, trend with notes, breakdown, why it moved.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiSlide {
    pub gauge: KpiView,
    pub trend: Trend,
    pub breakdown: Option<Breakdown>,
    /// The "why it moved" sentence.
    pub why: Option<String>,
}

fn cancelled() -> Error {
    Error::new(
        ErrorCode::Cancelled,
        "the deck was cancelled; no file was written",
    )
}

/// `Win rate: 18.0%, goal 25.0%, 72% of goal, below goal`.
fn kpi_alt(k: &KpiResult, cur: Option<&str>) -> String {
    let mut s = format!("{}: ", k.name);
    match k.value {
        Some(v) => s += &format::value(k.unit, v, cur),
        None => s += "no value",
    }
    match k.expected.or(k.goal) {
        Some(g) => {
            s += &format!(
                ", goal{} {}",
                if k.expected.is_some() { " to date" } else { "" },
                format::value(k.unit, g, cur)
            );
            if let Some(a) = k.attainment {
                s += &format!(", {} of goal", format::percent(a));
            }
            s += &format!(", {}", status_words(k.status));
        }
        None => s += ", no goal set",
    }
    s
}

/// The dimension a KPI's slide breaks it down by: the one that explains its
/// change, else the first the data has among team, region, product and rep.
fn breakdown_dimension(ctx: &Context<'_>, q: &Query, e: Option<&Explanation>) -> Option<String> {
    if let Some(d) = e.and_then(|e| e.dimension.clone()) {
        return Some(d);
    }
    let dims = ctx.facts.dimensions();
    explain::SPLIT_DIMENSIONS
        .iter()
        .find(|d| dims.contains_key(**d) && !q.filter.contains_key(**d))
        .map(|d| d.to_string())
}

/// The narrative of the summary: the KPIs furthest below goal, the biggest
/// movers (as their explanations compare them) with the segment that led
/// each, and the outlook against the goal.
fn narrative(
    ctx: &Context<'_>,
    focus: &[&KpiResult],
    why: &[Option<Explanation>],
    outlook: Option<&Outlook>,
) -> Vec<String> {
    let cur = ctx.currency();
    let mut lines = Vec::new();
    let mut below: Vec<&&KpiResult> = focus
        .iter()
        .filter(|k| k.value.is_some() && k.attainment.is_some_and(|a| a < 1.0))
        .collect();
    below.sort_by(|a, b| {
        a.attainment
            .partial_cmp(&b.attainment)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let with_goal = focus.iter().filter(|k| k.attainment.is_some()).count();
    if below.is_empty() {
        lines.push(match with_goal {
            0 => "No focus KPI has a goal for this period.".to_string(),
            1 => "The focus KPI with a goal is at or above it.".to_string(),
            n => format!("All {n} focus KPIs with a goal are at or above it."),
        });
    } else {
        let parts: Vec<String> = below
            .iter()
            .take(3)
            .map(|k| {
                format!(
                    "{} at {} of goal ({} against {})",
                    k.name,
                    format::percent(k.attainment.unwrap_or(0.0)),
                    format::value(k.unit, k.value.unwrap_or(0.0), cur),
                    format::value(k.unit, k.expected.or(k.goal).unwrap_or(0.0), cur)
                )
            })
            .collect();
        lines.push(format!("Furthest below goal: {}.", parts.join("; ")));
    }
    // Movers: the largest relative changes, as each explanation compares
    // (like for like in a period in progress).
    let mut movers: Vec<(f64, usize)> = why
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let e = e.as_ref()?;
            let (v, b) = (e.value?, e.base?);
            let size = if e.unit == Unit::Ratio {
                (v - b).abs() * 10.0
            } else if b != 0.0 {
                ((v - b) / b).abs()
            } else {
                return None;
            };
            (size.is_finite() && size > 0.0).then_some((size, i))
        })
        .collect();
    movers.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    let mut base_label = None;
    let parts: Vec<String> = movers
        .iter()
        .take(3)
        .filter_map(|(_, i)| {
            let (k, e) = (focus[*i], why[*i].as_ref()?);
            let (v, b) = (e.value?, e.base?);
            let change = format::change(k.unit, v, b)?;
            base_label.get_or_insert_with(|| e.base_label.clone());
            let mut s = format!("{} {change}", k.name);
            // The largest contribution that went the same way as the change.
            let lead = e
                .contributions
                .iter()
                .find(|c| c.delta != 0.0 && (c.delta > 0.0) == (v > b));
            if let Some(c) = lead {
                let seg = if c.segment.is_empty() {
                    "(blank)"
                } else {
                    &c.segment
                };
                s += &format!(", led by {seg} ({})", explain::signed(k.unit, c.delta, cur));
            }
            Some(s)
        })
        .collect();
    if let (false, Some(base)) = (parts.is_empty(), base_label) {
        lines.push(format!("Biggest moves vs {base}: {}.", parts.join("; ")));
    }
    if let Some(o) = outlook {
        let f = &o.figures;
        let money = |v: f64| format::value(Unit::Currency, v, cur);
        let mut s = format!(
            "Outlook for {}{}: {} closed and {} in commit",
            o.period.label,
            if o.period_over {
                " (ended)".to_string()
            } else {
                format!(
                    " as of {}",
                    kpi::parse_date(&o.as_of)
                        .map(format::date)
                        .unwrap_or(o.as_of.clone())
                )
            },
            money(f.closed),
            money(f.commit)
        );
        match f.goal {
            Some(g) => {
                s += &format!(" against a revenue goal of {}", money(g));
                if let Some(gap) = f.gap_to_goal {
                    if gap > 0.0 {
                        s += &format!(", {} to go", money(gap));
                    }
                }
                if let Some(c) = f.pipeline_coverage {
                    s += &format!(
                        "; pipeline coverage {}",
                        format::value(Unit::Multiple, c, cur)
                    );
                }
            }
            None => s += "; no revenue goal is set",
        }
        lines.push(format!("{s}."));
    }
    lines
}

/// The focus KPIs of a scorecard, in their order.
fn focus_of(card: &kpi::Scorecard) -> Vec<&KpiResult> {
    card.focus
        .iter()
        .filter_map(|id| card.kpis.iter().find(|k| k.id == *id))
        .collect()
}

/// What a deck needs besides its charts: why each focus KPI moved, the
/// dimension each is broken down by, the outlook (when the view has one).
struct Gathered {
    why: Vec<Option<Explanation>>,
    dims: Vec<Option<String>>,
    outlook: Option<Outlook>,
    cancelled: bool,
}

/// The charts a deck draws from the view's scorecard, and what it needs
/// besides; no charts once `progress` says to cancel.
fn plan(
    ctx: &Context<'_>,
    q: &Query,
    card: &kpi::Scorecard,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> (Vec<ChartKind>, Gathered) {
    let focus = focus_of(card);
    let total = focus.len() as u32 + 2;
    let mut g = Gathered {
        why: Vec::new(),
        dims: Vec::new(),
        outlook: None,
        cancelled: !progress(0, total),
    };
    // Why each focus KPI moved since the previous period: like for like (the
    // previous period cut at as many days) while the period is in progress.
    let versus = if card.period.to_date.is_some() {
        Versus::PreviousToDate
    } else {
        Versus::Previous
    };
    for (i, k) in focus.iter().enumerate() {
        if g.cancelled {
            return (Vec::new(), g);
        }
        let e = match k.value {
            Some(_) => explain::explain(ctx, q, &k.id, versus).ok(),
            None => None,
        };
        g.why.push(e);
        g.cancelled = !progress(i as u32 + 1, total);
    }
    if g.cancelled {
        return (Vec::new(), g);
    }
    let mut kinds = Vec::new();
    for (k, e) in focus.iter().zip(&g.why) {
        kinds.push(ChartKind::Gauge(k.id.clone()));
        kinds.push(ChartKind::Trend(k.id.clone()));
        let dim = k
            .value
            .and_then(|_| breakdown_dimension(ctx, q, e.as_ref()));
        if let Some(d) = &dim {
            kinds.push(ChartKind::Breakdown(k.id.clone(), d.clone()));
        }
        g.dims.push(dim);
    }
    kinds.push(ChartKind::Funnel);
    // The outlook when the view has one (a filter on a dimension the deals
    // lack has none: the deck goes without it).
    if !ctx.facts.deals.created.is_empty() {
        g.outlook = outlook::outlook(ctx, q, &WhatIf::default()).ok();
    }
    let revenue = card
        .kpis
        .iter()
        .any(|k| k.id == "total_revenue" && k.value.is_some());
    if revenue && ctx.facts.dimensions().contains_key("rep") && !q.filter.contains_key("rep") {
        kinds.push(ChartKind::Leaderboard("total_revenue".into(), "rep".into()));
    }
    if g.outlook.is_some() {
        kinds.push(ChartKind::Outlook);
    }
    (kinds, g)
}

/// Builds the deck of a view. `progress(done, total)` is called as slides
/// are gathered and returns false to cancel.
pub fn build(
    ctx: &Context<'_>,
    q: &Query,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Deck> {
    // One scorecard for the plan and every chart.
    let mut gathered = None;
    let (card, _, charts) = data::build_for(ctx, q, |card| {
        let (kinds, g) = plan(ctx, q, card, progress);
        gathered = Some(g);
        kinds
    })?;
    let Some(Gathered {
        why,
        dims,
        outlook,
        cancelled: false,
    }) = gathered
    else {
        return Err(cancelled());
    };
    let focus = focus_of(&card);
    let cur = ctx.currency();
    let total = focus.len() as u32 + 2;
    if !progress(total - 1, total) {
        return Err(cancelled());
    }
    let mut charts = charts.into_iter();

    let first = charts
        .as_slice()
        .first()
        .map(|c| c.frame.clone())
        .ok_or_else(|| Error::new(ErrorCode::Render, "no chart was built"))?;
    let (subtitle, data_date) = (first.subtitle.clone(), first.data_date.clone());
    let slide = |title: String, body: SlideBody, alt: String, notes: Vec<String>| Slide {
        title,
        subtitle: subtitle.clone(),
        data_date: data_date.clone(),
        body,
        alt,
        notes,
    };
    let period = &card.period;
    let date = |s: &str| {
        kpi::parse_date(s)
            .map(format::date)
            .unwrap_or_else(|_| s.to_string())
    };
    let dates = match &period.to_date {
        Some(t) => format!(
            "{} – {}, to date {}",
            date(&period.start),
            date(&period.end),
            date(t)
        ),
        None => format!("{} – {}", date(&period.start), date(&period.end)),
    };
    let segment = match data::segment_text(&card.filter) {
        Some(s) => s,
        None => "All segments".to_string(),
    };
    let title = format!("Sales review {}", period.label);
    let mut slides = vec![slide(
        "Sales review".to_string(),
        SlideBody::Cover {
            period: period.label.clone(),
            dates: dates.clone(),
            segment: segment.clone(),
        },
        format!(
            "Cover: sales review of {} ({dates}), {segment}, {data_date}",
            period.label
        ),
        vec![
            format!("Sales review of {} ({dates}).", period.label),
            format!("Segment: {segment}."),
            format!("{data_date}. Made with Salescope."),
        ],
    )];

    // The summary.
    let lines = narrative(ctx, &focus, &why, outlook.as_ref());
    let score_text = |s: Option<f64>| s.map(format::percent).unwrap_or_else(|| "no score".into());
    let mut alt = format!("Summary: overall score {}", score_text(card.score));
    for p in &card.perspectives {
        alt += &format!(", {} {}", p.name, score_text(p.score));
    }
    let mut notes = vec![
        "Scores are the mean attainment of the KPIs with a goal (each capped at 150%); the overall score weighs the perspectives.".to_string(),
    ];
    notes.extend(lines.iter().cloned());
    slides.push(slide(
        "Summary".to_string(),
        SlideBody::Summary {
            score: card.score,
            status: card.status,
            perspectives: card
                .perspectives
                .iter()
                .map(|p| (p.name.clone(), p.score, p.status, p.scored))
                .collect(),
            lines,
        },
        alt,
        notes,
    ));

    // A slide per focus KPI.
    for ((k, e), dim) in focus.iter().zip(&why).zip(&dims) {
        let gauge = match charts.next().map(|c| c.body) {
            Some(Body::Gauge(v)) => v,
            _ => return Err(Error::new(ErrorCode::Render, "a gauge was not built")),
        };
        let trend_chart = charts.next();
        let trend = match trend_chart.as_ref().map(|c| &c.body) {
            Some(Body::Trend(t)) => t.clone(),
            _ => return Err(Error::new(ErrorCode::Render, "a trend was not built")),
        };
        let breakdown = match dim {
            Some(_) => match charts.next().map(|c| c.body) {
                Some(Body::Breakdown(b)) => Some(b),
                _ => return Err(Error::new(ErrorCode::Render, "a breakdown was not built")),
            },
            None => None,
        };
        let why_text = e.as_ref().map(|e| e.text.clone());
        let mut notes = vec![format!(
            "{}: {}{}.",
            k.name,
            k.definition,
            if k.variant != "default" {
                format!(" (variant {})", k.variant)
            } else {
                String::new()
            }
        )];
        notes.push(format!("{}.", kpi_alt(k, cur)));
        if let Some(t) = &why_text {
            notes.push(format!("Why it moved: {t}"));
        }
        for (i, n) in trend.notes.iter().enumerate() {
            notes.push(format!("Note ({}) {}", i + 1, n.text));
        }
        slides.push(slide(
            k.name.clone(),
            SlideBody::Kpi(Box::new(KpiSlide {
                gauge,
                trend,
                breakdown,
                why: why_text,
            })),
            kpi_alt(k, cur),
            notes,
        ));
    }
    // The funnel, the leaderboard and the outlook, as their exports draw them.
    for c in charts {
        let (title, alt) = match &c.body {
            Body::Funnel(steps) => {
                let parts: Vec<String> = steps
                    .iter()
                    .map(|s| match s.value {
                        Some(v) => format!("{} {}", s.name, format::grouped(v, 0)),
                        None => format!("{} no value", s.name),
                    })
                    .collect();
                (
                    "Funnel".to_string(),
                    format!("Funnel: {}", parts.join(", ")),
                )
            }
            Body::Leaderboard(l) => (
                c.frame.title.clone(),
                format!(
                    "{}: {} ranked by attainment of their goals",
                    c.frame.title,
                    l.rows.len()
                ),
            ),
            Body::Outlook(_) => (
                "Outlook".to_string(),
                format!("Outlook: {}", c.frame.subtitle),
            ),
            _ => (c.frame.title.clone(), c.frame.title.clone()),
        };
        let mut notes = vec![c.frame.subtitle.clone()];
        notes.extend(c.frame.definitions.iter().map(|d| format!("{d}.")));
        let mut s = slide(title, SlideBody::Chart(Box::new(c)), alt, notes);
        if let SlideBody::Chart(c) = &s.body {
            s.subtitle = c.frame.subtitle.clone();
        }
        slides.push(s);
    }
    if !progress(total, total) {
        return Err(cancelled());
    }
    Ok(Deck {
        title,
        slides,
        currency: cur.map(str::to_string),
    })
}

/// The deck's file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckFormat {
    /// PowerPoint (PresentationML).
    Pptx,
    /// PDF.
    Pdf,
}

impl DeckFormat {
    /// The format a file name asks for: `.pptx` or `.pdf`.
    pub fn of(path: &std::path::Path) -> Result<DeckFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pptx") => Ok(DeckFormat::Pptx),
            Some("pdf") => Ok(DeckFormat::Pdf),
            _ => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("{} must end in .pptx (PowerPoint) or .pdf", path.display()),
            )),
        }
    }
}

/// The slide `i` of `deck` as plotters' SVG (text as text), with its title
/// drawn when `titled` (the PowerPoint file sets the title as text over it).
pub fn slide_svg(deck: &Deck, i: usize, titled: bool) -> Result<String> {
    let s = &deck.slides[i];
    let (n, cur) = (deck.slides.len(), deck.currency.as_deref());
    Ok(super::draw_svg(SLIDE.0, SLIDE.1, |c| {
        super::draw::slide(c, s, i + 1, n, titled, cur)
    })?
    .0)
}

/// Writes the deck in `format`; `progress(done, total)` counts slides and
/// returns false to cancel.
pub fn write(
    deck: &Deck,
    format: DeckFormat,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Vec<u8>> {
    match format {
        DeckFormat::Pdf => pdf(deck, progress),
        DeckFormat::Pptx => pptx(deck, progress),
    }
}

pub(crate) fn check(
    progress: &mut dyn FnMut(u32, u32) -> bool,
    done: usize,
    total: usize,
) -> Result<()> {
    if progress(done as u32, total as u32) {
        Ok(())
    } else {
        Err(cancelled())
    }
}
