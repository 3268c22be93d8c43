//! Normalising what files say: header names (case, accents, punctuation
//! folded) and the values of roles with a vocabulary (deal stages, activity
//! types and outcomes).

use super::vocabulary;
use crate::records::snake_case;

/// A header (or a word) as the vocabulary compares it: letters and digits of
/// every script, lower-cased, with Latin accents folded (`Catégorie` ->
/// `categorie`, `Straße` -> `strasse`) and full-width forms made plain;
/// spaces, punctuation and case dropped, so `Close Date`, `close_date` and
/// `CloseDate` are one name. Salesforce's custom-field suffix `__c` is
/// dropped. A header in Chinese or Japanese keeps its characters: it never
/// becomes an empty name.
pub fn normalise_header(h: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let h = h.trim();
    let h = match h.len().checked_sub(3) {
        Some(cut) if h.is_char_boundary(cut) && h[cut..].eq_ignore_ascii_case("__c") => &h[..cut],
        _ => h,
    };
    let mut out = String::with_capacity(h.len());
    for c in h.nfkc().flat_map(char::to_lowercase) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ł' => out.push('l'),
            // Latin letters with accents: the base letter.
            '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => out.extend(
                std::iter::once(c)
                    .nfd()
                    .filter(|d| !is_combining_mark(*d) && d.is_alphanumeric()),
            ),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The names a header is also known by, weaker than its own: the field of an
/// `Entity - Field` column (Pipedrive: `Deal - Value` is also `Value`) and
/// the parts of a dotted relationship column (Salesforce: `Owner.Name` is
/// also `Owner` and `Name`).
pub fn header_alternatives(h: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let n = normalise_header(s);
        if !n.is_empty() && n != normalise_header(h) && !out.contains(&n) {
            out.push(n);
        }
    };
    if let Some((_, field)) = h.rsplit_once(" - ") {
        push(field);
    }
    if h.contains('.') && !h.contains(' ') {
        for part in h.split('.') {
            push(part);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealStage {
    /// Closed and won.
    Won,
    /// Closed and lost.
    Lost,
    /// Not closed yet.
    Open,
}

impl DealStage {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStage::Won => "won",
            DealStage::Lost => "lost",
            DealStage::Open => "open",
        }
    }
}

/// A stage label as won, lost or open, by the vocabulary's words in every
/// language it reads (`Closed Won`, `Gewonnen`, `Ganado`, `受注` are won);
/// `Closed ... Won` / `Closed ... Lost` whatever lies between; anything
/// else is open.
pub fn normalise_stage(label: &str) -> DealStage {
    let n = normalise_header(label);
    match vocabulary::word("stage", &n) {
        Some("won") => DealStage::Won,
        Some("lost") => DealStage::Lost,
        _ if n.ends_with("won") && n.starts_with("closed") => DealStage::Won,
        _ if n.ends_with("lost") && n.starts_with("closed") => DealStage::Lost,
        _ => DealStage::Open,
    }
}

/// True when a stage label is one Salescope knows (so unknown ones are shown).
pub fn known_stage_label(label: &str) -> bool {
    normalise_stage(label) != DealStage::Open
        || vocabulary::word("stage", &normalise_header(label)) == Some("open")
}

/// What an activity was: `call`, `email`, `meeting`, or `other`.
pub fn activity_type(label: &str) -> &'static str {
    vocabulary::word("activity", &normalise_header(label)).unwrap_or("other")
}

/// A forecast category label as `closed`, `commit`, `best_case`, `pipeline`
/// or `omitted` (Salesforce's `Best Case`, HubSpot's `Not forecasted`,
/// Dynamics' `Committed`, and the same in every language the vocabulary
/// reads); none for a label it does not know.
pub fn forecast_category(label: &str) -> Option<&'static str> {
    vocabulary::word("forecast", &normalise_header(label))
}

/// Normalises an outcome label (`No-show` -> `no_show`). Emails: sent / opened /
/// clicked / delivered / bounced; meetings: scheduled / held / no_show / cancelled.
pub fn activity_outcome(label: &str) -> String {
    let n = normalise_header(label);
    match n.as_str() {
        "sent" | "delivered" | "bounced" | "opened" | "clicked" | "scheduled" | "held"
        | "cancelled" => n,
        "open" => "opened".into(),
        "click" | "clickedthrough" => "clicked".into(),
        "bounce" => "bounced".into(),
        "noshow" | "noshowed" | "missed" => "no_show".into(),
        "canceled" | "cancel" => "cancelled".into(),
        "completed" | "attended" | "done" => "held".into(),
        "booked" | "planned" => "scheduled".into(),
        _ => snake_case(label),
    }
}
