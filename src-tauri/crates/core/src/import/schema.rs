//! Record tables per kind.

use crate::model::RecordKind;

pub fn table_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Deals => "deals",
        RecordKind::Orders => "orders",
        RecordKind::Leads => "leads",
        RecordKind::Activities => "activities",
        RecordKind::Subscriptions => "subscriptions",
        RecordKind::Spend => "spend",
        RecordKind::Targets => "targets",
        RecordKind::Lookup => "lookup_entries",
    }
}
