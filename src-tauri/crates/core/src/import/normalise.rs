//! Normalising what files say: header names (case, accents, punctuation
//! folded) and the values of roles with a vocabulary (deal stages, activity
//! types and outcomes).

use crate::records::snake_case;

/// Lowercase ASCII letters and digits only; accents folded (`Catégorie` -> `categorie`).
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for c in h.chars().flat_map(|c| c.to_lowercase()) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealStage {
    Won,
    Lost,
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

/// "Closed Won", "Won", "Closed - Won" are won; "Closed Lost", "Lost" lost;
/// anything else open.
pub fn normalise_stage(label: &str) -> DealStage {
    let n = normalise_header(label);
    match n.as_str() {
        "won" | "closedwon" | "win" | "wonclosed" | "closewon" | "gagne" | "ganado"
        | "gewonnen" => DealStage::Won,
        "lost" | "closedlost" | "loss" | "lostclosed" | "closelost" | "perdu" | "perdido"
        | "verloren" => DealStage::Lost,
        _ if n.ends_with("won") && n.starts_with("closed") => DealStage::Won,
        _ if n.ends_with("lost") && n.starts_with("closed") => DealStage::Lost,
        _ => DealStage::Open,
    }
}

/// True when a stage label is one Salescope knows (so unknown ones are shown).
pub fn known_stage_label(label: &str) -> bool {
    let n = normalise_header(label);
    normalise_stage(label) != DealStage::Open
        || matches!(
            n.as_str(),
            "open"
                | "prospecting"
                | "prospect"
                | "qualification"
                | "qualified"
                | "qualify"
                | "discovery"
                | "proposal"
                | "proposalsent"
                | "negotiation"
                | "negotiating"
                | "demo"
                | "engaging"
                | "new"
                | "contacted"
                | "evaluation"
                | "commit"
                | "contract"
                | "contractsent"
                | "pipeline"
        )
}

pub fn activity_type(label: &str) -> &'static str {
    let n = normalise_header(label);
    match n.as_str() {
        "call" | "calls" | "phone" | "phonecall" | "dial" | "coldcall" | "telephone"
        | "outboundcall" | "inboundcall" => "call",
        "email" | "emails" | "mail" | "emailsent" | "outboundemail" => "email",
        "meeting" | "meetings" | "demo" | "appointment" | "visit" | "videocall" | "onsite"
        | "call meeting" => "meeting",
        _ => "other",
    }
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
