//! The record tables: what each kind of record is stored as (its table and
//! columns, and how each column is filled), which of its columns are
//! dimensions, and the keys a lookup sheet joins on. The importer writes these
//! tables and the KPI engine reads them; both take the layout from here.

use crate::model::RecordKind;

impl RecordKind {
    /// The SQLite table its records are written to.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Lookup => "lookup_entries",
            other => other.as_str(),
        }
    }
}

/// True when the record table of `kind` has the column `name`.
pub fn has_column(kind: RecordKind, name: &str) -> bool {
    fields(kind).iter().any(|(c, ..)| *c == name)
}

/// How a table column is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Text as written.
    Text,
    /// `YYYY-MM-DD`
    Date,
    /// `YYYY-MM-DD HH:MM:SS` (or the date alone when the source has no time).
    DateTime,
    /// A number.
    Number,
    /// 1 or 0 from yes/no, true/false, x.
    Flag,
    /// `won`, `lost` or `open` from the stage label.
    Stage,
    /// The stage label as written.
    StageLabel,
    /// `call`, `email`, `meeting` or `other`.
    ActivityType,
    /// The activity type as written.
    ActivityLabel,
    /// The normalised outcome (`held`, `no_show`, `opened` ...).
    Outcome,
    /// The outcome as written.
    OutcomeLabel,
    /// A KPI id of the catalog.
    Kpi,
    /// A period as the KPI engine reads it (`2024-03`, `2024-Q1`, `2024`).
    Period,
    /// Monthly recurring revenue, from an amount and its billing period.
    Mrr,
    /// An order's date: its date column, or the date its year, month and day
    /// columns make (`ANO`, `MÊS`, `DIA`; the first of the month without a day).
    OrderDate,
    /// `closed`, `commit`, `best_case`, `pipeline` or `omitted` from a CRM's
    /// forecast category label; none for a label the vocabulary lacks.
    ForecastCategory,
    /// A deal's probability as a number (a 0-100 column is made a fraction
    /// once the whole column is read).
    Probability,
    /// An order's revenue: its revenue column, or quantity × unit price when
    /// the sheet has no revenue column.
    Revenue,
}

/// A record table column: (table column, fill, role it comes from, required).
pub type Field = (&'static str, Fill, &'static str, bool);

/// A deal's forecast categories (catalog section 1), in the order the outlook
/// stacks them; a deal's code in the KPI engine is its index here.
pub const FORECAST_CATEGORIES: [&str; 5] = ["closed", "commit", "best_case", "pipeline", "omitted"];

/// The columns of the record table of `kind`, in table order.
pub fn fields(kind: RecordKind) -> &'static [Field] {
    use Fill::*;
    match kind {
        RecordKind::Deals => &[
            ("deal_id", Text, "deal_id", false),
            ("created_date", Date, "created_date", true),
            ("close_date", Date, "close_date", false),
            ("stage", Stage, "stage", true),
            ("stage_label", StageLabel, "stage", false),
            ("amount", Number, "amount", false),
            ("rep", Text, "rep", false),
            ("team", Text, "team", false),
            ("region", Text, "region", false),
            ("product", Text, "product", false),
            ("customer", Text, "customer", false),
            ("lead_source", Text, "lead_source", false),
            (
                "forecast_category",
                ForecastCategory,
                "forecast_category",
                false,
            ),
            ("probability", Probability, "probability", false),
        ],
        RecordKind::Orders => &[
            ("order_id", Text, "order_id", false),
            ("order_date", OrderDate, "order_date", true),
            ("customer", Text, "customer", false),
            ("product", Text, "product", false),
            ("category", Text, "category", false),
            ("region", Text, "region", false),
            ("rep", Text, "rep", false),
            ("team", Text, "team", false),
            ("quantity", Number, "quantity", false),
            ("revenue", Revenue, "revenue", true),
            ("cost", Number, "cost", false),
            ("profit", Number, "profit", false),
            ("discount", Number, "discount", false),
        ],
        RecordKind::Leads => &[
            ("lead_id", Text, "lead_id", false),
            ("created_date", Date, "created_date", true),
            ("created_at", DateTime, "created_date", false),
            ("source", Text, "source", false),
            ("qualified", Flag, "qualified", false),
            ("converted", Flag, "converted", false),
            ("converted_date", Date, "converted_date", false),
            ("first_response_at", DateTime, "first_response_at", false),
            ("rep", Text, "rep", false),
            ("region", Text, "region", false),
            ("team", Text, "team", false),
        ],
        RecordKind::Activities => &[
            ("date", Date, "date", true),
            ("type", ActivityType, "type", true),
            ("type_label", ActivityLabel, "type", false),
            ("outcome", Outcome, "outcome", false),
            ("outcome_label", OutcomeLabel, "outcome", false),
            ("rep", Text, "rep", false),
            ("team", Text, "team", false),
            ("region", Text, "region", false),
            ("lead_id", Text, "lead_id", false),
            ("deal_id", Text, "deal_id", false),
        ],
        RecordKind::Subscriptions => &[
            ("customer", Text, "customer", true),
            ("start_date", Date, "start_date", true),
            ("end_date", Date, "end_date", false),
            ("mrr", Mrr, "mrr", true),
            ("plan", Text, "plan", false),
            ("region", Text, "region", false),
            ("rep", Text, "rep", false),
        ],
        RecordKind::Spend => &[
            ("date", Date, "date", true),
            ("amount", Number, "amount", true),
            ("channel", Text, "channel", false),
            ("region", Text, "region", false),
            ("team", Text, "team", false),
        ],
        RecordKind::Targets => &[
            ("kpi", Kpi, "kpi", true),
            ("period", Period, "period", true),
            ("target", Number, "target", true),
            ("team", Text, "team", false),
            ("region", Text, "region", false),
            ("product", Text, "product", false),
            ("rep", Text, "rep", false),
            ("source", Text, "source", false),
        ],
        RecordKind::Events => &[
            ("date", Date, "date", true),
            ("end_date", Date, "end_date", false),
            ("note", Text, "note", true),
            ("kpi", Text, "kpi", false),
            ("team", Text, "team", false),
            ("region", Text, "region", false),
            ("product", Text, "product", false),
            ("rep", Text, "rep", false),
        ],
        RecordKind::Lookup => &[],
    }
}

/// The record columns that are dimensions: (column, dimension).
pub fn dimension_columns(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        RecordKind::Deals => &[
            ("rep", "rep"),
            ("team", "team"),
            ("region", "region"),
            ("product", "product"),
            ("customer", "customer"),
            ("lead_source", "source"),
        ],
        RecordKind::Orders => &[
            ("customer", "customer"),
            ("product", "product"),
            ("category", "category"),
            ("region", "region"),
            ("rep", "rep"),
            ("team", "team"),
        ],
        RecordKind::Leads => &[
            ("source", "source"),
            ("rep", "rep"),
            ("region", "region"),
            ("team", "team"),
        ],
        RecordKind::Activities => &[("rep", "rep"), ("team", "team"), ("region", "region")],
        RecordKind::Subscriptions => &[
            ("customer", "customer"),
            ("plan", "product"),
            ("region", "region"),
            ("rep", "rep"),
        ],
        RecordKind::Spend => &[
            ("channel", "source"),
            ("region", "region"),
            ("team", "team"),
        ],
        RecordKind::Targets | RecordKind::Events | RecordKind::Lookup => &[],
    }
}

/// Keys a lookup sheet can be joined on, in order of preference.
pub const LOOKUP_KEYS: &[&str] = &["rep", "customer", "product", "order_id"];

/// The dimension roles a lookup key or attribute can name.
pub const DIMENSIONS: &[&str] = &[
    "rep", "team", "region", "product", "category", "customer", "source", "order_id", "manager",
];

/// Words of a label, lower-cased and joined by `_` ("Regional Office" -> "regional_office").
pub fn snake_case(label: &str) -> String {
    let mut s = String::new();
    for w in label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !s.is_empty() {
            s.push('_');
        }
        s.push_str(&w.to_lowercase());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_attributes_become_dimension_names() {
        assert_eq!(snake_case("Regional Office"), "regional_office");
        assert_eq!(snake_case("manager"), "manager");
    }

    #[test]
    fn every_dimension_column_and_lookup_key_is_a_table_column() {
        for kind in RecordKind::ALL {
            for (col, _) in dimension_columns(kind) {
                assert!(has_column(kind, col), "{kind}: {col}");
            }
        }
        assert!(LOOKUP_KEYS.iter().all(|k| DIMENSIONS.contains(k)));
    }
}
