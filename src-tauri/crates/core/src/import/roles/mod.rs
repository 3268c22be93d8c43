//! Record kinds and column roles (catalog section 1): detected from header names
//! and values, overridable by the user.

use crate::model::{ColumnType, RecordKind};

mod specs;

pub use super::normalise::{
    activity_outcome, activity_type, forecast_category, known_stage_label, normalise_header,
    normalise_stage, DealStage,
};
use super::vocabulary;
pub use specs::{specs, Need, RoleSpec};

/// Every role name of a kind (for validating user overrides).
pub fn role_names(kind: RecordKind) -> Vec<&'static str> {
    specs(kind).iter().map(|s| s.role).collect()
}

/// A summary of one column that role detection looks at.
pub struct ColumnFacts<'a> {
    pub header: &'a str,
    pub norm: String,
    /// The weaker names the header is also known by (`Deal - Value`: `value`).
    pub alternatives: Vec<String>,
    pub column_type: ColumnType,
    /// Distinct values (capped), lowercased, trimmed.
    pub values: Vec<String>,
    /// True when every value in the column is distinct (within the cap).
    pub unique: bool,
    pub filled: u64,
}

fn fits(need: Need, c: &ColumnFacts<'_>) -> bool {
    use ColumnType as T;
    match need {
        Need::Date => matches!(c.column_type, T::Date | T::Datetime),
        Need::Number => matches!(
            c.column_type,
            T::Integer | T::Decimal | T::Money | T::Percent
        ),
        Need::Text => !matches!(c.column_type, T::Empty),
        Need::Flag => {
            matches!(c.column_type, T::Boolean | T::Empty)
                || c.values
                    .iter()
                    .all(|v| super::value::parse_flag(v).is_some())
        }
    }
}

/// How well a column's header names a role of a kind: its own name first,
/// then (one point weaker) the names it is also known by.
fn name_score(kind: RecordKind, spec: &RoleSpec, c: &ColumnFacts<'_>) -> u8 {
    let own = vocabulary::name_score(kind, spec.role, &c.norm);
    let alt = c
        .alternatives
        .iter()
        .map(|a| vocabulary::name_score(kind, spec.role, a).saturating_sub(1))
        .max()
        .unwrap_or(0);
    own.max(alt)
}

/// Column index -> role, for one kind. Each column feeds at most one role.
pub type Assignment = Vec<Option<String>>;

/// Assigns roles by header names and column types, best matches first.
pub fn assign(kind: RecordKind, cols: &[ColumnFacts<'_>]) -> (Assignment, u32) {
    let mut out: Assignment = vec![None; cols.len()];
    let mut candidates: Vec<(u8, usize, usize)> = Vec::new(); // (score, spec index, column)
    for (si, spec) in specs(kind).iter().enumerate() {
        for (ci, c) in cols.iter().enumerate() {
            let s = name_score(kind, spec, c);
            if s > 0 && fits(spec.need, c) {
                candidates.push((s, si, ci));
            }
        }
    }
    // Highest score first; then required roles; then leftmost column.
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| specs(kind)[b.1].required.cmp(&specs(kind)[a.1].required))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut taken_roles = vec![false; specs(kind).len()];
    let mut score = 0u32;
    for (s, si, ci) in candidates {
        if taken_roles[si] || out[ci].is_some() {
            continue;
        }
        taken_roles[si] = true;
        out[ci] = Some(specs(kind)[si].role.to_string());
        score += u32::from(s);
    }
    (out, score)
}

/// The required roles of `kind` that `assignment` lacks.
pub fn missing_required(kind: RecordKind, assignment: &Assignment) -> Vec<&'static str> {
    let has = |role: &str| assignment.iter().any(|a| a.as_deref() == Some(role));
    specs(kind)
        .iter()
        .filter(|s| s.required && !has(s.role))
        // Orders without a revenue column: quantity × unit price is the revenue.
        .filter(|s| !(s.role == "revenue" && revenue_from_price(kind, assignment)))
        // Orders with year, month (and day) columns: those make the date.
        .filter(|s| !(s.role == "order_date" && date_from_parts(kind, assignment)))
        // A quota sheet has no KPI column: its targets are revenue goals.
        .filter(|s| !(kind == RecordKind::Targets && s.role == "kpi"))
        .map(|s| s.role)
        .collect()
}

/// True when an orders sheet has no date column but year and month columns
/// (and maybe day), which make each order's date.
pub fn date_from_parts(kind: RecordKind, assignment: &Assignment) -> bool {
    let has = |role: &str| assignment.iter().any(|a| a.as_deref() == Some(role));
    kind == RecordKind::Orders && !has("order_date") && has("year") && has("month")
}

/// True when an orders sheet has no revenue column but quantity and unit
/// price, whose product is then each order's revenue.
pub fn revenue_from_price(kind: RecordKind, assignment: &Assignment) -> bool {
    let has = |role: &str| assignment.iter().any(|a| a.as_deref() == Some(role));
    kind == RecordKind::Orders && !has("revenue") && has("quantity") && has("unit_price")
}

/// Extra checks on the values, so that a "Status" column of shipping states is
/// not taken for deal stages, nor any "Type" column for activity types.
fn values_plausible(kind: RecordKind, assignment: &Assignment, cols: &[ColumnFacts<'_>]) -> bool {
    let col_of = |role: &str| assignment.iter().position(|a| a.as_deref() == Some(role));
    match kind {
        // Won or lost deals, or stages the vocabulary knows (a pipeline
        // export holds open deals only: Prospecting, Proposal ...).
        RecordKind::Deals => col_of("stage").is_some_and(|c| {
            cols[c].values.iter().any(|v| {
                matches!(normalise_stage(v), DealStage::Won | DealStage::Lost)
                    || known_stage_label(v)
            })
        }),
        RecordKind::Activities => col_of("type").is_some_and(|c| {
            let v = &cols[c].values;
            !v.is_empty() && v.iter().filter(|x| activity_type(x) != "other").count() * 2 >= v.len()
        }),
        RecordKind::Targets => match col_of("kpi") {
            Some(c) => cols[c].values.iter().any(|v| crate::catalog::is_kpi_id(v)),
            // Without a KPI column, a quota sheet: its target column must be
            // named as one (quota, target, goal, Meta, Ziel, 目標 ...) and
            // hold numbers, and its period column must be a date or a period.
            None => quota_sheet(assignment, cols),
        },
        // An events sheet names its note column as one (Note, Event,
        // Annotation, Notiz ...) and writes words in it, not numbers.
        // and holds no money: no column named as an amount, revenue or price.
        RecordKind::Events => col_of("note").is_some_and(|c| {
            vocabulary::name_score(RecordKind::Events, "note", &cols[c].norm) >= 3
                && cols[c].values.iter().any(|v| v.parse::<f64>().is_err())
                && !cols.iter().any(|col| {
                    ["amount", "revenue", "price", "value", "sales", "total"]
                        .iter()
                        .any(|m| col.norm.contains(m))
                })
        }),
        _ => true,
    }
}

/// True when a targets sheet without a KPI column is a quota sheet: a target
/// column named as one, and a period column of dates or periods.
pub fn quota_sheet(assignment: &Assignment, cols: &[ColumnFacts<'_>]) -> bool {
    let col_of = |role: &str| assignment.iter().position(|a| a.as_deref() == Some(role));
    let (Some(t), Some(p)) = (col_of("target"), col_of("period")) else {
        return false;
    };
    let named = vocabulary::name_score(RecordKind::Targets, "target", &cols[t].norm) >= 3
        || cols[t]
            .alternatives
            .iter()
            .any(|a| vocabulary::name_score(RecordKind::Targets, "target", a) >= 3);
    let dated = matches!(cols[p].column_type, ColumnType::Date | ColumnType::Datetime)
        || cols[p].values.iter().take(20).all(|v| {
            super::schema::normalise_period(&super::infer::Value::Text(v.as_str().into())).is_some()
        });
    named && dated
}

/// How many of the kind's distinctive roles were found (beyond the required).
fn distinctive(kind: RecordKind, assignment: &Assignment) -> u32 {
    let has = |r: &str| assignment.iter().any(|a| a.as_deref() == Some(r));
    let list: &[&str] = match kind {
        RecordKind::Leads => &[
            "lead_id",
            "qualified",
            "converted",
            "converted_date",
            "first_response_at",
        ],
        RecordKind::Spend => &["channel"],
        _ => &[],
    };
    list.iter().filter(|r| has(r)).count() as u32
}

/// The detected kind and its roles; `None` when no kind fits.
pub fn detect(cols: &[ColumnFacts<'_>]) -> Option<(RecordKind, Assignment)> {
    let mut best: Option<(u32, RecordKind, Assignment)> = None;
    for kind in [
        RecordKind::Targets,
        RecordKind::Subscriptions,
        RecordKind::Deals,
        RecordKind::Activities,
        RecordKind::Leads,
        RecordKind::Orders,
        RecordKind::Spend,
    ] {
        let (a, score) = assign(kind, cols);
        if !missing_required(kind, &a).is_empty() || !values_plausible(kind, &a, cols) {
            continue;
        }
        // Leads need something lead-like beyond a date; spend must not look like sales.
        if kind == RecordKind::Leads && distinctive(kind, &a) == 0 {
            continue;
        }
        if kind == RecordKind::Spend
            && cols.iter().any(|c| {
                matches!(
                    c.norm.as_str(),
                    "customer" | "customername" | "product" | "productname" | "orderid"
                )
            })
        {
            continue;
        }
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, kind, a));
        }
    }
    best.map(|(_, k, a)| (k, a))
        .or_else(|| {
            // An events sheet only when no kind of records fits: a sheet of
            // sales or calls with a Notes column stays what it is.
            let (a, _) = assign(RecordKind::Events, cols);
            (missing_required(RecordKind::Events, &a).is_empty()
                && values_plausible(RecordKind::Events, &a, cols))
            .then_some((RecordKind::Events, a))
        })
        .or_else(|| detect_lookup(cols).map(|a| (RecordKind::Lookup, a)))
}

/// When no kind fits, the kind the header comes closest to (the best names,
/// then the fewest required roles missing).
pub struct Closest {
    /// The kind.
    pub kind: RecordKind,
    /// The roles its header names give.
    pub named: Assignment,
    /// Those with a guess for each missing required role: the first free
    /// column whose type fits.
    pub guessed: Assignment,
    /// The required roles no column could be guessed for.
    pub unguessed: Vec<&'static str>,
}

/// See [`Closest`].
pub fn likeliest(cols: &[ColumnFacts<'_>]) -> Option<Closest> {
    let mut best: Option<(usize, u32, RecordKind, Assignment)> = None;
    for kind in [
        RecordKind::Deals,
        RecordKind::Orders,
        RecordKind::Leads,
        RecordKind::Activities,
        RecordKind::Targets,
        RecordKind::Subscriptions,
        RecordKind::Spend,
    ] {
        let (a, score) = assign(kind, cols);
        if score == 0 {
            continue;
        }
        let missing = missing_required(kind, &a).len();
        // The kind whose names explain the header best; then the fewest missing.
        if best
            .as_ref()
            .is_none_or(|b| (std::cmp::Reverse(score), missing) < (std::cmp::Reverse(b.1), b.0))
        {
            best = Some((missing, score, kind, a));
        }
    }
    let (_, _, kind, named) = best?;
    let mut a = named.clone();
    let mut unguessed = Vec::new();
    for role in missing_required(kind, &a) {
        let Some(spec) = specs(kind).iter().find(|s| s.role == role) else {
            continue;
        };
        match (0..cols.len())
            .find(|&i| a[i].is_none() && cols[i].filled > 0 && fits(spec.need, &cols[i]))
        {
            Some(i) => a[i] = Some(role.to_string()),
            None => unguessed.push(role),
        }
    }
    Some(Closest {
        kind,
        named,
        guessed: a,
        unguessed,
    })
}

/// Which dimension a header names, if any (for lookup sheets).
pub fn dimension_of(norm: &str) -> Option<&'static str> {
    for dim in ["rep", "team", "region", "product", "category", "customer"] {
        let named = vocabulary::header_names(norm)
            .iter()
            .any(|h| h.kind.is_none() && h.role == dim && h.score >= 2);
        if named {
            return Some(dim);
        }
    }
    match norm {
        "person" => Some("rep"),
        "manager" | "salesmanager" | "regionalmanager" | "teamlead" => Some("manager"),
        "orderid" | "ordernumber" => Some("order_id"),
        "source" | "leadsource" | "channel" => Some("source"),
        _ => None,
    }
}

/// A lookup (attribute) table: few columns, no dates or money, a key column
/// naming a dimension whose values are distinct, and other text columns.
/// The key gets the role `key:<dimension>`, the others `attr:<name>`.
pub fn detect_lookup(cols: &[ColumnFacts<'_>]) -> Option<Assignment> {
    let used: Vec<&ColumnFacts<'_>> = cols.iter().filter(|c| c.filled > 0).collect();
    if used.len() < 2 || used.len() > 8 {
        return None;
    }
    if cols.iter().any(|c| {
        matches!(
            c.column_type,
            ColumnType::Date | ColumnType::Datetime | ColumnType::Money
        )
    }) {
        return None;
    }
    // Key preference: rep, customer, product, order id, team, region.
    let order = ["rep", "customer", "product", "order_id", "team", "region"];
    let mut key: Option<(usize, &'static str)> = None;
    'outer: for want in order {
        for (i, c) in cols.iter().enumerate() {
            if c.filled > 0
                && dimension_of(&c.norm) == Some(want)
                && (c.unique || want == "order_id")
            {
                key = Some((i, want));
                break 'outer;
            }
        }
    }
    let (ki, kdim) = key?;
    let mut a: Assignment = vec![None; cols.len()];
    a[ki] = Some(format!("key:{kdim}"));
    for (i, c) in cols.iter().enumerate() {
        if i != ki && c.filled > 0 {
            let name = dimension_of(&c.norm)
                .map(str::to_string)
                .unwrap_or_else(|| c.header.to_string());
            a[i] = Some(format!("attr:{name}"));
        }
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(header: &'a str, t: ColumnType, values: &[&str]) -> ColumnFacts<'a> {
        ColumnFacts {
            header,
            norm: normalise_header(header),
            alternatives: Vec::new(),
            column_type: t,
            values: values.iter().map(|v| v.to_lowercase()).collect(),
            unique: true,
            filled: values.len().max(1) as u64,
        }
    }

    #[test]
    fn headers_normalise() {
        assert_eq!(normalise_header(" Close Date "), "closedate");
        assert_eq!(normalise_header("Catégorie"), "categorie");
        assert_eq!(normalise_header("deal_stage"), "dealstage");
        assert_eq!(normalise_header("Date de commande"), "datedecommande");
    }

    #[test]
    fn stages() {
        for w in ["Closed Won", "Won", "Closed - Won", "closed_won"] {
            assert_eq!(normalise_stage(w), DealStage::Won, "{w}");
        }
        for l in ["Closed Lost", "Lost", "Closed - Lost"] {
            assert_eq!(normalise_stage(l), DealStage::Lost, "{l}");
        }
        assert_eq!(normalise_stage("Engaging"), DealStage::Open);
        assert!(known_stage_label("Prospecting"));
        assert!(!known_stage_label("Parked"));
    }

    #[test]
    fn activity_labels() {
        assert_eq!(activity_type("Phone"), "call");
        assert_eq!(activity_type("E-mail"), "email");
        assert_eq!(activity_type("Demo"), "meeting");
        assert_eq!(activity_outcome("No-show"), "no_show");
        assert_eq!(activity_outcome("Canceled"), "cancelled");
    }

    #[test]
    fn maven_pipeline_is_deals() {
        use ColumnType::*;
        let cols = vec![
            facts("opportunity_id", Text, &["1c1i7a6r"]),
            facts("sales_agent", Text, &["moses frase"]),
            facts("product", Text, &["gtx plus basic"]),
            facts("account", Text, &["cancity"]),
            facts(
                "deal_stage",
                Text,
                &["won", "lost", "engaging", "prospecting"],
            ),
            facts("engage_date", Date, &[]),
            facts("close_date", Date, &[]),
            facts("close_value", Integer, &[]),
        ];
        let (kind, a) = detect(&cols).unwrap();
        assert_eq!(kind, RecordKind::Deals);
        assert_eq!(
            a.iter().map(|r| r.as_deref()).collect::<Vec<_>>(),
            vec![
                Some("deal_id"),
                Some("rep"),
                Some("product"),
                Some("customer"),
                Some("stage"),
                Some("created_date"),
                Some("close_date"),
                Some("amount")
            ]
        );
    }

    #[test]
    fn a_shipping_status_is_not_a_deal_stage() {
        use ColumnType::*;
        let cols = vec![
            facts("ORDERNUMBER", Integer, &[]),
            facts("SALES", Decimal, &[]),
            facts("ORDERDATE", Date, &[]),
            facts("STATUS", Text, &["shipped", "cancelled"]),
            facts("CUSTOMERNAME", Text, &[]),
            facts("TERRITORY", Text, &["na", "emea"]),
        ];
        let (kind, a) = detect(&cols).unwrap();
        assert_eq!(kind, RecordKind::Orders);
        assert_eq!(a[1].as_deref(), Some("revenue"));
        assert_eq!(a[5].as_deref(), Some("region"));
    }

    #[test]
    fn a_rep_table_is_a_lookup() {
        use ColumnType::*;
        let cols = vec![
            facts("sales_agent", Text, &["anna snelling", "cecily lampkin"]),
            facts("manager", Text, &["dustin brinkmann"]),
            facts("regional_office", Text, &["central"]),
        ];
        let (kind, a) = detect(&cols).unwrap();
        assert_eq!(kind, RecordKind::Lookup);
        assert_eq!(
            a.iter().map(|r| r.as_deref()).collect::<Vec<_>>(),
            vec![Some("key:rep"), Some("attr:manager"), Some("attr:region")]
        );
    }
}
