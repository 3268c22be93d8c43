//! The roles of each record kind (catalog section 1): for each role, what its
//! column must hold and whether it is required. The names headers give them
//! are the vocabulary's (`import/vocabulary`).

use crate::model::RecordKind;

/// What a role needs of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Date,
    Number,
    Text,
    Flag,
}

/// A role of a record kind. The header names that name it are in the
/// vocabulary's tables (`import/vocabulary/*.tsv`).
pub struct RoleSpec {
    /// The role (`close_date`, `amount`, `rep` ...).
    pub role: &'static str,
    /// Whether a sheet of the kind must have it.
    pub required: bool,
    /// What its column must hold.
    pub need: Need,
}

const fn r(role: &'static str, required: bool, need: Need) -> RoleSpec {
    RoleSpec {
        role,
        required,
        need,
    }
}

pub fn specs(kind: RecordKind) -> &'static [RoleSpec] {
    use Need::*;
    static DEALS: &[RoleSpec] = &[
        r("created_date", true, Date),
        r("stage", true, Text),
        r("amount", true, Number),
        r("close_date", false, Date),
        r("deal_id", false, Text),
        r("rep", false, Text),
        r("team", false, Text),
        r("region", false, Text),
        r("product", false, Text),
        r("customer", false, Text),
        r("lead_source", false, Text),
        r("forecast_category", false, Text),
        r("probability", false, Number),
    ];
    static ORDERS: &[RoleSpec] = &[
        r("order_date", true, Date),
        r("revenue", true, Number),
        r("unit_price", false, Number),
        r("order_id", false, Text),
        r("customer", false, Text),
        r("product", false, Text),
        r("category", false, Text),
        r("region", false, Text),
        r("rep", false, Text),
        r("team", false, Text),
        r("quantity", false, Number),
        r("year", false, Number),
        r("month", false, Number),
        r("day", false, Number),
        r("cost", false, Number),
        r("profit", false, Number),
        r("discount", false, Number),
    ];
    static LEADS: &[RoleSpec] = &[
        r("created_date", true, Date),
        r("lead_id", false, Text),
        r("source", false, Text),
        r("qualified", false, Flag),
        r("converted", false, Flag),
        r("converted_date", false, Date),
        r("first_response_at", false, Date),
        r("rep", false, Text),
        r("region", false, Text),
        r("team", false, Text),
    ];
    static ACTIVITIES: &[RoleSpec] = &[
        r("date", true, Date),
        r("type", true, Text),
        r("outcome", false, Text),
        r("rep", false, Text),
        r("team", false, Text),
        r("region", false, Text),
        r("lead_id", false, Text),
        r("deal_id", false, Text),
    ];
    static SUBSCRIPTIONS: &[RoleSpec] = &[
        r("customer", true, Text),
        r("start_date", true, Date),
        r("mrr", true, Number),
        r("billing_period", false, Text),
        r("end_date", false, Date),
        r("plan", false, Text),
        r("region", false, Text),
        r("rep", false, Text),
    ];
    static SPEND: &[RoleSpec] = &[
        r("date", true, Date),
        r("amount", true, Number),
        r("channel", false, Text),
        r("region", false, Text),
        r("team", false, Text),
    ];
    static TARGETS: &[RoleSpec] = &[
        r("kpi", true, Text),
        r("period", true, Text),
        r("target", true, Number),
        r("team", false, Text),
        r("region", false, Text),
        r("product", false, Text),
        r("rep", false, Text),
        r("source", false, Text),
    ];
    static EVENTS: &[RoleSpec] = &[
        r("date", true, Date),
        r("note", true, Text),
        r("end_date", false, Date),
        r("kpi", false, Text),
        r("team", false, Text),
        r("region", false, Text),
        r("product", false, Text),
        r("rep", false, Text),
    ];
    match kind {
        RecordKind::Deals => DEALS,
        RecordKind::Orders => ORDERS,
        RecordKind::Leads => LEADS,
        RecordKind::Activities => ACTIVITIES,
        RecordKind::Subscriptions => SUBSCRIPTIONS,
        RecordKind::Spend => SPEND,
        RecordKind::Targets => TARGETS,
        RecordKind::Events => EVENTS,
        RecordKind::Lookup => &[],
    }
}
