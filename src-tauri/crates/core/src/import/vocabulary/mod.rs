//! The words Salescope recognises in files, kept as data beside this file:
//! header names per record kind and role, a table per language (`en.tsv`,
//! `de.tsv` ... `zh.tsv`) and per CRM (`salesforce.tsv` ... `acumatica.tsv`),
//! and the words of roles with a vocabulary (`words.tsv`: deal stages,
//! activity types). The tables are read once, normalised as headers are.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalise::normalise_header;
use crate::model::RecordKind;

/// Header tables: (name, is a CRM's, text).
const HEADER_TABLES: &[(&str, bool, &str)] = &[
    ("English", false, include_str!("en.tsv")),
    ("German", false, include_str!("de.tsv")),
    ("French", false, include_str!("fr.tsv")),
    ("Spanish", false, include_str!("es.tsv")),
    ("Portuguese", false, include_str!("pt.tsv")),
    ("Italian", false, include_str!("it.tsv")),
    ("Dutch", false, include_str!("nl.tsv")),
    ("Japanese", false, include_str!("ja.tsv")),
    ("Chinese", false, include_str!("zh.tsv")),
    ("Salesforce", true, include_str!("salesforce.tsv")),
    ("HubSpot", true, include_str!("hubspot.tsv")),
    ("Pipedrive", true, include_str!("pipedrive.tsv")),
    ("Zoho CRM", true, include_str!("zoho.tsv")),
    ("Dynamics 365", true, include_str!("dynamics.tsv")),
    ("Odoo", true, include_str!("odoo.tsv")),
    ("Acumatica", true, include_str!("acumatica.tsv")),
];

const WORDS: &str = include_str!("words.tsv");

/// One header name of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderName {
    /// The record kind it names a role of; none: every kind with that role.
    pub kind: Option<RecordKind>,
    /// The role.
    pub role: &'static str,
    /// 3 the usual name, 2 a common alternative, 1 a weak hint.
    pub score: u8,
    /// The table it comes from (`English`, `Salesforce` ...).
    pub table: &'static str,
    /// True for a CRM's table.
    pub crm: bool,
}

/// Every table's header names, by normalised name.
fn headers() -> &'static HashMap<String, Vec<HeaderName>> {
    static HEADERS: OnceLock<HashMap<String, Vec<HeaderName>>> = OnceLock::new();
    HEADERS.get_or_init(|| {
        let mut map: HashMap<String, Vec<HeaderName>> = HashMap::new();
        for (table, crm, text) in HEADER_TABLES {
            for (line, fields) in rows(text) {
                let [kind, role, score, name] = fields[..] else {
                    panic!("{table} header table, line {line}: four tab-separated fields");
                };
                let kind = match kind {
                    "*" => None,
                    k => Some(RecordKind::parse(k).unwrap_or_else(|| {
                        panic!("{table} header table, line {line}: no record kind {k}")
                    })),
                };
                let score: u8 = score
                    .parse()
                    .ok()
                    .filter(|s| (1..=3).contains(s))
                    .unwrap_or_else(|| panic!("{table} header table, line {line}: score 1 to 3"));
                map.entry(normalise_header(name))
                    .or_default()
                    .push(HeaderName {
                        kind,
                        role,
                        score,
                        table,
                        crm: *crm,
                    });
            }
        }
        map
    })
}

/// The non-empty, non-comment lines of a table, split at tabs, with their
/// 1-based line numbers.
fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

/// What the tables say a normalised header name is.
pub fn header_names(norm: &str) -> &'static [HeaderName] {
    headers().get(norm).map_or(&[], Vec::as_slice)
}

/// The best score a normalised header name has for a role of a kind.
pub fn name_score(kind: RecordKind, role: &str, norm: &str) -> u8 {
    header_names(norm)
        .iter()
        .filter(|h| h.role == role && h.kind.is_none_or(|k| k == kind))
        .map(|h| h.score)
        .max()
        .unwrap_or(0)
}

/// The CRMs whose own tables (and no language's) name this header.
pub fn crms_of(norm: &str) -> Vec<&'static str> {
    let names = header_names(norm);
    if names.iter().any(|h| !h.crm) {
        return Vec::new();
    }
    let mut out: Vec<&'static str> = names.iter().map(|h| h.table).collect();
    out.dedup();
    out
}

#[cfg(test)]
/// Every (kind, role) a header table names, for the test that keeps the
/// tables and the roles of `specs` in step.
pub fn named_roles() -> Vec<(Option<RecordKind>, &'static str, &'static str)> {
    let mut out: Vec<_> = headers()
        .values()
        .flatten()
        .map(|h| (h.kind, h.role, h.table))
        .collect();
    out.sort_by_key(|(k, r, t)| (k.map(RecordKind::as_str), *r, *t));
    out.dedup();
    out
}

/// The meaning of a word of a group (`stage`: won, lost, open; `activity`:
/// call, email, meeting), by its normalised form.
pub fn word(group: &str, norm: &str) -> Option<&'static str> {
    static WORD_MAP: OnceLock<HashMap<(&'static str, String), &'static str>> = OnceLock::new();
    WORD_MAP
        .get_or_init(|| {
            let mut map = HashMap::new();
            for (line, fields) in rows(WORDS) {
                let [group, meaning, word] = fields[..] else {
                    panic!("words table, line {line}: three tab-separated fields");
                };
                map.insert((group, normalise_header(word)), meaning);
            }
            map
        })
        .get(&(group, norm.to_string()))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_name_only_roles_their_kinds_have() {
        for (kind, role, table) in named_roles() {
            let kinds: Vec<RecordKind> = match kind {
                Some(k) => vec![k],
                None => RecordKind::ALL.to_vec(),
            };
            let known = kinds.iter().any(|k| {
                super::super::roles::specs(*k)
                    .iter()
                    .any(|s| s.role == role)
            });
            assert!(known, "{table}: {kind:?} has no role {role}");
        }
    }

    #[test]
    fn names_in_every_language_and_crm() {
        let score = |kind, role, header: &str| name_score(kind, role, &normalise_header(header));
        assert_eq!(score(RecordKind::Deals, "close_date", "Close Date"), 3);
        assert_eq!(score(RecordKind::Deals, "close_date", "CloseDate"), 3);
        assert_eq!(score(RecordKind::Deals, "stage", "StageName"), 3);
        assert_eq!(score(RecordKind::Deals, "amount", "Deal - Value"), 3);
        assert_eq!(score(RecordKind::Deals, "amount", "Est. Revenue"), 3);
        assert_eq!(score(RecordKind::Deals, "rep", "Potential Owner"), 3);
        assert_eq!(score(RecordKind::Deals, "stage", "Verkaufsphase"), 3);
        assert_eq!(
            score(RecordKind::Orders, "revenue", "Chiffre d'affaires"),
            3
        );
        assert_eq!(score(RecordKind::Orders, "revenue", "売上"), 3);
        assert_eq!(score(RecordKind::Orders, "revenue", "銷售額"), 3);
        assert_eq!(score(RecordKind::Orders, "order_date", "订单日期"), 3);
        assert_eq!(score(RecordKind::Leads, "rep", "担当者"), 3);
        assert_eq!(score(RecordKind::Targets, "target", "Meta"), 3);
        assert_eq!(score(RecordKind::Deals, "amount", "Notes"), 0);
        assert_eq!(crms_of(&normalise_header("Potential Owner")), ["Zoho CRM"]);
        assert_eq!(crms_of(&normalise_header("StageName")), ["Salesforce"]);
        assert_eq!(crms_of(&normalise_header("Deal - Won time")), ["Pipedrive"]);
        assert_eq!(crms_of(&normalise_header("Created Time")), ["Zoho CRM"]);
        assert!(crms_of(&normalise_header("Amount")).is_empty());
    }

    #[test]
    fn stage_and_activity_words() {
        let w = |g, s: &str| word(g, &normalise_header(s));
        assert_eq!(w("stage", "Closed Won"), Some("won"));
        assert_eq!(w("stage", "Gagné"), Some("won"));
        assert_eq!(w("stage", "受注"), Some("won"));
        assert_eq!(w("stage", "输单"), Some("lost"));
        assert_eq!(w("stage", "Perdido"), Some("lost"));
        assert_eq!(w("stage", "Verhandlung"), Some("open"));
        assert_eq!(w("stage", "Parked"), None);
        assert_eq!(w("activity", "Outbound"), Some("call"));
        assert_eq!(w("activity", "E-Mail"), Some("email"));
        assert_eq!(w("activity", "会議"), Some("meeting"));
    }
}
