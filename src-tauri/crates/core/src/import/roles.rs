//! Record kinds and column roles (catalog section 1): detected from header names
//! and values, overridable by the user.

use crate::model::{ColumnType, RecordKind};

/// What a role needs of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Date,
    Number,
    Text,
    Flag,
}

pub struct RoleSpec {
    pub role: &'static str,
    pub required: bool,
    pub need: Need,
    /// Normalised header names (lowercase ASCII letters and digits) with a score:
    /// 3 for the usual name, 2 for a common alternative, 1 for a weak hint.
    pub names: &'static [(&'static str, u8)],
}

const fn r(
    role: &'static str,
    required: bool,
    need: Need,
    names: &'static [(&'static str, u8)],
) -> RoleSpec {
    RoleSpec {
        role,
        required,
        need,
        names,
    }
}

const REP: &[(&str, u8)] = &[
    ("rep", 3),
    ("salesrep", 3),
    ("salesagent", 3),
    ("agent", 2),
    ("owner", 2),
    ("dealowner", 3),
    ("salesperson", 3),
    ("seller", 2),
    ("accountexecutive", 3),
    ("salesman", 2),
    ("representative", 2),
    ("opportunityowner", 3),
    ("accountmanager", 2),
    ("employee", 1),
    ("vendeur", 2),
    ("repname", 3),
];
const TEAM: &[(&str, u8)] = &[
    ("team", 3),
    ("salesteam", 3),
    ("squad", 2),
    ("division", 1),
    ("equipe", 2),
];
const REGION: &[(&str, u8)] = &[
    ("region", 3),
    ("territory", 3),
    ("regionaloffice", 3),
    ("salesregion", 3),
    ("regionname", 3),
    ("office", 2),
    ("area", 2),
    ("zone", 2),
    ("market", 1),
    ("countryregion", 1),
    ("country", 1),
    ("paysregion", 1),
    ("branch", 1),
];
const PRODUCT: &[(&str, u8)] = &[
    ("product", 3),
    ("productname", 3),
    ("item", 2),
    ("sku", 2),
    ("productcode", 2),
    ("productline", 2),
    ("productid", 1),
    ("nomduproduit", 3),
    ("produit", 3),
    ("article", 2),
    ("itemname", 3),
];
const CUSTOMER: &[(&str, u8)] = &[
    ("customer", 3),
    ("customername", 3),
    ("account", 3),
    ("accountname", 3),
    ("client", 3),
    ("clientname", 3),
    ("company", 2),
    ("customerid", 1),
    ("nomduclient", 3),
    ("buyer", 2),
];
const CATEGORY: &[(&str, u8)] = &[
    ("category", 3),
    ("productcategory", 3),
    ("categorie", 3),
    ("segment", 1),
    ("subcategory", 1),
    ("productline", 1),
];

pub fn specs(kind: RecordKind) -> &'static [RoleSpec] {
    use Need::*;
    static DEALS: &[RoleSpec] = &[
        r(
            "created_date",
            true,
            Date,
            &[
                ("createddate", 3),
                ("created", 3),
                ("createdon", 3),
                ("datecreated", 3),
                ("engagedate", 3),
                ("opendate", 3),
                ("creationdate", 3),
                ("startdate", 1),
                ("date", 1),
            ],
        ),
        r(
            "stage",
            true,
            Text,
            &[
                ("stage", 3),
                ("dealstage", 3),
                ("salesstage", 3),
                ("opportunitystage", 3),
                ("pipelinestage", 3),
                ("status", 1),
            ],
        ),
        r(
            "amount",
            true,
            Number,
            &[
                ("amount", 3),
                ("dealvalue", 3),
                ("closevalue", 3),
                ("dealamount", 3),
                ("opportunityamount", 3),
                ("value", 2),
                ("dealsize", 2),
                ("acv", 2),
                ("tcv", 2),
                ("revenue", 1),
            ],
        ),
        r(
            "close_date",
            false,
            Date,
            &[
                ("closedate", 3),
                ("closedon", 3),
                ("dateclosed", 3),
                ("closeddate", 3),
                ("closingdate", 3),
                ("expectedclosedate", 2),
                ("wondate", 2),
            ],
        ),
        r(
            "deal_id",
            false,
            Text,
            &[
                ("dealid", 3),
                ("opportunityid", 3),
                ("oppid", 3),
                ("dealnumber", 3),
                ("dealno", 3),
                ("opportunity", 2),
                ("id", 1),
            ],
        ),
        r("rep", false, Text, REP),
        r("team", false, Text, TEAM),
        r("region", false, Text, REGION),
        r("product", false, Text, PRODUCT),
        r("customer", false, Text, CUSTOMER),
        r(
            "lead_source",
            false,
            Text,
            &[
                ("leadsource", 3),
                ("source", 2),
                ("channel", 1),
                ("origin", 1),
            ],
        ),
    ];
    static ORDERS: &[RoleSpec] = &[
        r(
            "order_date",
            true,
            Date,
            &[
                ("orderdate", 3),
                ("invoicedate", 3),
                ("transactiondate", 3),
                ("saledate", 3),
                ("purchasedate", 3),
                ("datedecommande", 3),
                ("date", 2),
                ("orderdatetime", 3),
                ("datecommande", 3),
            ],
        ),
        r(
            "revenue",
            true,
            Number,
            &[
                ("revenue", 3),
                ("sales", 3),
                ("salesamount", 3),
                ("totalsales", 3),
                ("netrevenue", 3),
                ("netsales", 3),
                ("ventes", 3),
                ("turnover", 3),
                ("salesvalue", 3),
                ("linetotal", 3),
                ("totalprice", 3),
                ("amount", 2),
                ("grossrevenue", 2),
                ("grosssales", 1),
                ("total", 1),
                ("salesprice", 1),
                ("sale", 2),
                ("chiffredaffaires", 3),
            ],
        ),
        r(
            "order_id",
            false,
            Text,
            &[
                ("orderid", 3),
                ("ordernumber", 3),
                ("orderno", 3),
                ("invoice", 2),
                ("invoiceid", 3),
                ("invoiceno", 3),
                ("invoicenumber", 3),
                ("transactionid", 2),
                ("idcommande", 3),
                ("ordernum", 3),
            ],
        ),
        r("customer", false, Text, CUSTOMER),
        r("product", false, Text, PRODUCT),
        r("category", false, Text, CATEGORY),
        r("region", false, Text, REGION),
        r("rep", false, Text, REP),
        r("team", false, Text, TEAM),
        r(
            "quantity",
            false,
            Number,
            &[
                ("quantity", 3),
                ("qty", 3),
                ("units", 3),
                ("unitssold", 3),
                ("quantityordered", 3),
                ("quantite", 3),
                ("volume", 1),
            ],
        ),
        r(
            "cost",
            false,
            Number,
            &[
                ("costoforder", 3),
                ("totalcost", 3),
                ("cogs", 3),
                ("cost", 2),
                ("costofgoodssold", 3),
            ],
        ),
        r(
            "profit",
            false,
            Number,
            &[
                ("profit", 3),
                ("netprofit", 3),
                ("grossprofit", 2),
                ("margin", 1),
            ],
        ),
        r(
            "discount",
            false,
            Number,
            &[("discount", 3), ("discounts", 2), ("remise", 3)],
        ),
    ];
    static LEADS: &[RoleSpec] = &[
        r(
            "created_date",
            true,
            Date,
            &[
                ("createddate", 3),
                ("created", 3),
                ("createdon", 3),
                ("datecreated", 3),
                ("leaddate", 3),
                ("leadcreated", 3),
                ("date", 1),
            ],
        ),
        r(
            "lead_id",
            false,
            Text,
            &[
                ("leadid", 3),
                ("lead", 2),
                ("prospectid", 3),
                ("leadnumber", 3),
            ],
        ),
        r(
            "source",
            false,
            Text,
            &[
                ("source", 3),
                ("leadsource", 3),
                ("channel", 2),
                ("campaign", 2),
                ("origin", 2),
            ],
        ),
        r(
            "qualified",
            false,
            Flag,
            &[
                ("qualified", 3),
                ("isqualified", 3),
                ("mql", 2),
                ("sql", 2),
                ("qualifiedlead", 3),
            ],
        ),
        r(
            "converted",
            false,
            Flag,
            &[("converted", 3), ("isconverted", 3), ("convertedtodeal", 3)],
        ),
        r(
            "converted_date",
            false,
            Date,
            &[
                ("converteddate", 3),
                ("conversiondate", 3),
                ("dateconverted", 3),
                ("convertedon", 3),
            ],
        ),
        r(
            "first_response_at",
            false,
            Date,
            &[
                ("firstresponseat", 3),
                ("firstresponse", 3),
                ("firstcontact", 2),
                ("firstcontactedat", 3),
                ("respondedat", 2),
                ("firstresponsedate", 3),
            ],
        ),
        r("rep", false, Text, REP),
        r("region", false, Text, REGION),
        r("team", false, Text, TEAM),
    ];
    static ACTIVITIES: &[RoleSpec] = &[
        r(
            "date",
            true,
            Date,
            &[
                ("date", 3),
                ("activitydate", 3),
                ("timestamp", 2),
                ("datetime", 2),
                ("when", 1),
                ("createddate", 1),
            ],
        ),
        r(
            "type",
            true,
            Text,
            &[
                ("type", 3),
                ("activitytype", 3),
                ("activity", 2),
                ("kind", 1),
                ("channel", 1),
            ],
        ),
        r(
            "outcome",
            false,
            Text,
            &[
                ("outcome", 3),
                ("result", 3),
                ("status", 2),
                ("disposition", 3),
            ],
        ),
        r("rep", false, Text, REP),
        r("team", false, Text, TEAM),
        r("region", false, Text, REGION),
        r("lead_id", false, Text, &[("leadid", 3), ("lead", 2)]),
        r(
            "deal_id",
            false,
            Text,
            &[("dealid", 3), ("opportunityid", 3), ("deal", 2)],
        ),
    ];
    static SUBSCRIPTIONS: &[RoleSpec] = &[
        r("customer", true, Text, CUSTOMER),
        r(
            "start_date",
            true,
            Date,
            &[
                ("startdate", 3),
                ("subscriptionstart", 3),
                ("start", 2),
                ("activationdate", 3),
                ("signupdate", 3),
                ("startedon", 3),
            ],
        ),
        r(
            "mrr",
            true,
            Number,
            &[
                ("mrr", 3),
                ("monthlyrecurringrevenue", 3),
                ("monthlyfee", 3),
                ("monthlyamount", 3),
                ("amount", 1),
                ("price", 1),
                ("fee", 1),
            ],
        ),
        r(
            "billing_period",
            false,
            Text,
            &[
                ("billingperiod", 3),
                ("billingcycle", 3),
                ("interval", 2),
                ("frequency", 2),
                ("billing", 2),
            ],
        ),
        r(
            "end_date",
            false,
            Date,
            &[
                ("enddate", 3),
                ("cancellationdate", 3),
                ("churndate", 3),
                ("canceldate", 3),
                ("subscriptionend", 3),
                ("end", 2),
                ("cancelledon", 3),
            ],
        ),
        r(
            "plan",
            false,
            Text,
            &[("plan", 3), ("tier", 3), ("product", 2), ("package", 2)],
        ),
        r("region", false, Text, REGION),
        r("rep", false, Text, REP),
    ];
    static SPEND: &[RoleSpec] = &[
        r(
            "date",
            true,
            Date,
            &[("date", 3), ("month", 2), ("period", 1), ("spenddate", 3)],
        ),
        r(
            "amount",
            true,
            Number,
            &[
                ("spend", 3),
                ("amount", 3),
                ("cost", 3),
                ("budget", 2),
                ("spent", 3),
                ("adspend", 3),
            ],
        ),
        r(
            "channel",
            false,
            Text,
            &[
                ("channel", 3),
                ("source", 2),
                ("campaign", 2),
                ("medium", 2),
            ],
        ),
        r("region", false, Text, REGION),
        r("team", false, Text, TEAM),
    ];
    static TARGETS: &[RoleSpec] = &[
        r(
            "kpi",
            true,
            Text,
            &[
                ("kpi", 3),
                ("metric", 3),
                ("kpiid", 3),
                ("measure", 2),
                ("indicator", 2),
            ],
        ),
        r(
            "period",
            true,
            Text,
            &[
                ("period", 3),
                ("timeperiod", 3),
                ("quarter", 2),
                ("month", 2),
                ("year", 1),
            ],
        ),
        r(
            "target",
            true,
            Number,
            &[
                ("target", 3),
                ("goal", 3),
                ("quota", 3),
                ("objective", 2),
                ("targetvalue", 3),
            ],
        ),
        r("team", false, Text, TEAM),
        r("region", false, Text, REGION),
        r("product", false, Text, PRODUCT),
        r("rep", false, Text, REP),
        r(
            "source",
            false,
            Text,
            &[("source", 3), ("channel", 3), ("leadsource", 3)],
        ),
    ];
    match kind {
        RecordKind::Deals => DEALS,
        RecordKind::Orders => ORDERS,
        RecordKind::Leads => LEADS,
        RecordKind::Activities => ACTIVITIES,
        RecordKind::Subscriptions => SUBSCRIPTIONS,
        RecordKind::Spend => SPEND,
        RecordKind::Targets => TARGETS,
        RecordKind::Lookup => &[],
    }
}

/// Every role name of a kind (for validating user overrides).
pub fn role_names(kind: RecordKind) -> Vec<&'static str> {
    specs(kind).iter().map(|s| s.role).collect()
}

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

/// A summary of one column that role detection looks at.
pub struct ColumnFacts<'a> {
    pub header: &'a str,
    pub norm: String,
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

fn name_score(spec: &RoleSpec, norm: &str) -> u8 {
    spec.names
        .iter()
        .filter(|(n, _)| *n == norm)
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(0)
}

/// Column index -> role, for one kind. Each column feeds at most one role.
pub type Assignment = Vec<Option<String>>;

/// Assigns roles by header names and column types, best matches first.
pub fn assign(kind: RecordKind, cols: &[ColumnFacts<'_>]) -> (Assignment, u32) {
    let mut out: Assignment = vec![None; cols.len()];
    let mut candidates: Vec<(u8, usize, usize)> = Vec::new(); // (score, spec index, column)
    for (si, spec) in specs(kind).iter().enumerate() {
        for (ci, c) in cols.iter().enumerate() {
            let s = name_score(spec, &c.norm);
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
    specs(kind)
        .iter()
        .filter(|s| s.required && !assignment.iter().any(|a| a.as_deref() == Some(s.role)))
        .map(|s| s.role)
        .collect()
}

/// Extra checks on the values, so that a "Status" column of shipping states is
/// not taken for deal stages, nor any "Type" column for activity types.
fn values_plausible(kind: RecordKind, assignment: &Assignment, cols: &[ColumnFacts<'_>]) -> bool {
    let col_of = |role: &str| assignment.iter().position(|a| a.as_deref() == Some(role));
    match kind {
        RecordKind::Deals => col_of("stage").is_some_and(|c| {
            cols[c]
                .values
                .iter()
                .any(|v| matches!(normalise_stage(v), Stage::Won | Stage::Lost))
        }),
        RecordKind::Activities => col_of("type").is_some_and(|c| {
            let v = &cols[c].values;
            !v.is_empty() && v.iter().filter(|x| activity_type(x) != "other").count() * 2 >= v.len()
        }),
        RecordKind::Targets => {
            col_of("kpi").is_some_and(|c| cols[c].values.iter().any(|v| is_kpi_id(v)))
        }
        _ => true,
    }
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
        .or_else(|| detect_lookup(cols).map(|a| (RecordKind::Lookup, a)))
}

/// The dimension roles a lookup key or attribute can name.
pub const DIMENSIONS: &[&str] = &[
    "rep", "team", "region", "product", "category", "customer", "source", "order_id", "manager",
];

/// Which dimension a header names, if any (for lookup sheets).
pub fn dimension_of(norm: &str) -> Option<&'static str> {
    let table: &[(&str, &[(&str, u8)])] = &[
        ("rep", REP),
        ("team", TEAM),
        ("region", REGION),
        ("product", PRODUCT),
        ("category", CATEGORY),
        ("customer", CUSTOMER),
    ];
    for (dim, names) in table {
        if names.iter().any(|(n, s)| *n == norm && *s >= 2) {
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

// ---------------------------------------------------------------------------
// Value normalisation

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Won,
    Lost,
    Open,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Won => "won",
            Stage::Lost => "lost",
            Stage::Open => "open",
        }
    }
}

/// "Closed Won", "Won", "Closed - Won" are won; "Closed Lost", "Lost" lost;
/// anything else open.
pub fn normalise_stage(label: &str) -> Stage {
    let n = normalise_header(label);
    match n.as_str() {
        "won" | "closedwon" | "win" | "wonclosed" | "closewon" | "gagne" | "ganado"
        | "gewonnen" => Stage::Won,
        "lost" | "closedlost" | "loss" | "lostclosed" | "closelost" | "perdu" | "perdido"
        | "verloren" => Stage::Lost,
        _ if n.ends_with("won") && n.starts_with("closed") => Stage::Won,
        _ if n.ends_with("lost") && n.starts_with("closed") => Stage::Lost,
        _ => Stage::Open,
    }
}

/// True when a stage label is one Salescope knows (so unknown ones are shown).
pub fn known_stage_label(label: &str) -> bool {
    let n = normalise_header(label);
    normalise_stage(label) != Stage::Open
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

/// The KPI ids of the catalog (section 3).
pub const KPI_IDS: &[&str] = &[
    "new_leads",
    "qualified_leads",
    "cost_per_lead",
    "calls_made",
    "emails_sent",
    "meetings_scheduled",
    "activities_per_rep",
    "email_open_rate",
    "email_click_rate",
    "meeting_attendance_rate",
    "lead_response_time_hours",
    "lead_conversion_rate",
    "win_rate",
    "sales_cycle_days",
    "open_pipeline_value",
    "pipeline_velocity",
    "total_revenue",
    "deals_won",
    "average_deal_size",
    "gross_margin",
    "new_customers",
    "customer_acquisition_cost",
    "mrr",
    "arr",
    "churn_rate",
    "customer_lifetime_value",
];

pub fn is_kpi_id(s: &str) -> bool {
    KPI_IDS.contains(&s.trim().to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(header: &'a str, t: ColumnType, values: &[&str]) -> ColumnFacts<'a> {
        ColumnFacts {
            header,
            norm: normalise_header(header),
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
            assert_eq!(normalise_stage(w), Stage::Won, "{w}");
        }
        for l in ["Closed Lost", "Lost", "Closed - Lost"] {
            assert_eq!(normalise_stage(l), Stage::Lost, "{l}");
        }
        assert_eq!(normalise_stage("Engaging"), Stage::Open);
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
