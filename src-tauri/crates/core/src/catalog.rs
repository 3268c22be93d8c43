//! The KPI catalog (catalog section 3) as data: every KPI's id, name,
//! perspective, unit, direction, what it needs, its formula and its variants.
//! The first variant of each KPI is its default.

use serde::Serialize;
use ts_rs::TS;

/// The four perspectives of the balanced scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Perspective.ts")]
pub enum Perspective {
    /// Leads coming in: new and qualified leads, their cost.
    LeadGeneration,
    /// What reps do: calls, emails, meetings, responses.
    SalesActivity,
    /// Leads to deals to wins: rates, cycle, pipeline.
    Conversion,
    /// Money in: revenue, deal size, margin, customers, recurring revenue.
    Revenue,
}

impl Perspective {
    /// Every perspective, in the scorecard's order.
    pub const ALL: [Perspective; 4] = [
        Perspective::LeadGeneration,
        Perspective::SalesActivity,
        Perspective::Conversion,
        Perspective::Revenue,
    ];

    /// The id (`lead_generation`, ...), as JSON and settings write it.
    pub fn id(self) -> &'static str {
        match self {
            Perspective::LeadGeneration => "lead_generation",
            Perspective::SalesActivity => "sales_activity",
            Perspective::Conversion => "conversion",
            Perspective::Revenue => "revenue",
        }
    }

    /// The name people read (`Lead generation`).
    pub fn name(self) -> &'static str {
        match self {
            Perspective::LeadGeneration => "Lead generation",
            Perspective::SalesActivity => "Sales activity",
            Perspective::Conversion => "Conversion",
            Perspective::Revenue => "Revenue",
        }
    }

    /// The perspective of an id (`revenue`), or none.
    pub fn parse(s: &str) -> Option<Perspective> {
        Perspective::ALL.into_iter().find(|p| p.id() == s.trim())
    }
}

/// What a KPI's value measures, which decides how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Unit.ts")]
pub enum Unit {
    /// A number of things (leads, calls, deals).
    Count,
    /// An amount of money.
    Currency,
    /// A fraction (0.25), shown as a percent.
    Ratio,
    /// A duration in hours.
    Hours,
    /// A duration in days.
    Days,
    /// Money per day (pipeline velocity).
    CurrencyPerDay,
    /// A multiple (pipeline coverage), shown as `3.2×`.
    Multiple,
}

impl Unit {
    /// The unit's id (`count`, `currency`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Currency => "currency",
            Unit::Ratio => "ratio",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::CurrencyPerDay => "currency_per_day",
            Unit::Multiple => "multiple",
        }
    }
}

/// Which way a KPI is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Better.ts")]
pub enum Better {
    /// More is better (revenue, win rate).
    Higher,
    /// Less is better (cost per lead, sales cycle).
    Lower,
}

/// One way of computing a KPI (catalog section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// The variant's id (`closed_only`, `all_opportunities`, ...).
    pub id: &'static str,
    /// Its formula, as the definition shows it.
    pub formula: &'static str,
}

/// A KPI of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiDef {
    /// The id (`win_rate`), as settings, goals and exports name it.
    pub id: &'static str,
    /// The name people read (`Win rate`).
    pub name: &'static str,
    /// The scorecard perspective it belongs to.
    pub perspective: Perspective,
    /// What its value measures.
    pub unit: Unit,
    /// Which way it is good.
    pub better: Better,
    /// A flow that adds up over time (catalog section 4): goals split by days.
    pub additive: bool,
    /// What to import when the KPI cannot be computed.
    pub needs: &'static str,
    /// The default first.
    pub variants: &'static [Variant],
}

impl KpiDef {
    /// The variant used unless the settings choose another (the first).
    pub fn default_variant(&self) -> &'static Variant {
        &self.variants[0]
    }

    /// The variant of this id, if the KPI has one.
    pub fn variant(&self, id: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}

const fn v(id: &'static str, formula: &'static str) -> Variant {
    Variant { id, formula }
}

use Better::{Higher, Lower};
use Perspective::{Conversion, LeadGeneration, Revenue, SalesActivity};
use Unit::{Count, Currency, CurrencyPerDay, Days, Hours, Multiple, Ratio};

#[allow(clippy::too_many_arguments)]
const fn k(
    id: &'static str,
    name: &'static str,
    perspective: Perspective,
    unit: Unit,
    better: Better,
    additive: bool,
    needs: &'static str,
    variants: &'static [Variant],
) -> KpiDef {
    KpiDef {
        id,
        name,
        perspective,
        unit,
        better,
        additive,
        needs,
        variants,
    }
}

/// Every KPI of the catalog, in the catalog's order.
pub const CATALOG: &[KpiDef] = &[
    k("new_leads", "New leads", LeadGeneration, Count, Higher, true,
      "a leads sheet with a created date",
      &[v("default", "leads with created_date in the period")]),
    k("qualified_leads", "Qualified leads", LeadGeneration, Count, Higher, true,
      "a leads sheet with a qualified column",
      &[v("default", "new leads that are qualified")]),
    k("cost_per_lead", "Cost per lead (CPL)", LeadGeneration, Currency, Lower, false,
      "a spend sheet and a leads sheet",
      &[v("default", "spend in the period / new leads")]),
    k("calls_made", "Calls made", SalesActivity, Count, Higher, true,
      "an activities sheet with a type column",
      &[v("default", "activities of type call in the period")]),
    k("emails_sent", "Emails sent", SalesActivity, Count, Higher, true,
      "an activities sheet with a type column",
      &[v("default", "activities of type email in the period")]),
    k("meetings_scheduled", "Meetings scheduled", SalesActivity, Count, Higher, true,
      "an activities sheet with a type column",
      &[v("default", "activities of type meeting in the period")]),
    k("activities_per_rep", "Activities per rep", SalesActivity, Count, Higher, false,
      "an activities sheet with a rep column",
      &[v("default", "activities / distinct reps with any activity in the period")]),
    k("email_open_rate", "Email open rate", SalesActivity, Ratio, Higher, false,
      "an activities sheet with an outcome column for emails",
      &[v("per_sent", "emails opened (or clicked) / emails sent"),
        v("per_delivered", "emails opened (or clicked) / emails delivered (sent minus bounced)")]),
    k("email_click_rate", "Click-through rate", SalesActivity, Ratio, Higher, false,
      "an activities sheet with an outcome column for emails",
      &[v("per_sent", "emails clicked / emails sent"),
        v("per_opened", "emails clicked / emails opened")]),
    k("meeting_attendance_rate", "Meeting attendance", SalesActivity, Ratio, Higher, false,
      "an activities sheet with an outcome column for meetings (held, no-show)",
      &[v("default", "meetings held / (held + no-show)")]),
    k("lead_response_time_hours", "Lead response time", SalesActivity, Hours, Lower, false,
      "a leads sheet with a first response time",
      &[v("median", "median hours from a new lead's creation to its first response"),
        v("mean", "mean hours from a new lead's creation to its first response")]),
    k("lead_conversion_rate", "Lead conversion rate", Conversion, Ratio, Higher, false,
      "a leads sheet with a converted flag or a converted date",
      &[v("default", "new leads that converted / new leads (cohort by created date)")]),
    k("win_rate", "Opportunity win rate", Conversion, Ratio, Higher, false,
      "a deals sheet with a stage",
      &[v("closed_in_period", "deals won / (won + lost), closed in the period"),
        v("all_opportunities", "deals won / all deals, created in the period")]),
    k("sales_cycle_days", "Sales cycle length", Conversion, Days, Lower, false,
      "a deals sheet with a close date",
      &[v("won_only", "mean days from created to close date of deals won in the period"),
        v("all_closed", "mean days from created to close date of deals won or lost in the period")]),
    k("open_pipeline_value", "Open pipeline", Conversion, Currency, Higher, false,
      "a deals sheet with amounts",
      &[v("default", "amount of deals open at the period's end (created by then, not closed by then)")]),
    k("pipeline_velocity", "Pipeline velocity", Conversion, CurrencyPerDay, Higher, false,
      "a deals sheet with stages, amounts and close dates",
      &[v("default", "open deals at the period's end × win rate × average won deal size / sales cycle days")]),
    k("pipeline_coverage", "Pipeline coverage", Conversion, Multiple, Higher, false,
      "a deals sheet with open deals and close dates, and a total revenue goal",
      &[v("default", "open pipeline closing in the period / gap to the revenue goal")]),
    k("weighted_pipeline", "Weighted pipeline", Conversion, Currency, Higher, false,
      "a deals sheet with open deals and close dates",
      &[v("default", "open deals closing in the period × their probability (else the trailing 12 months' win rate)")]),
    k("quota_attainment", "Reps at goal", Conversion, Ratio, Higher, false,
      "a total revenue goal per rep",
      &[v("default", "share of reps with a revenue goal whose attainment is at least 100%")]),
    k("total_revenue", "Total sales revenue", Revenue, Currency, Higher, true,
      "an orders sheet, or a deals sheet with won deals",
      &[v("default", "order revenue by order date, or won deal amount by close date")]),
    k("deals_won", "Deals won / orders", Revenue, Count, Higher, true,
      "an orders sheet, or a deals sheet with won deals",
      &[v("default", "distinct orders by order date, or won deals closed in the period")]),
    k("average_deal_size", "Average deal size", Revenue, Currency, Higher, false,
      "an orders sheet, or a deals sheet with won deals",
      &[v("default", "total revenue / deals won (average order value for orders)")]),
    k("gross_margin", "Gross margin", Revenue, Ratio, Higher, false,
      "an orders sheet with a profit or cost column",
      &[v("default", "profit / revenue (profit = revenue − cost when only cost is given)")]),
    k("new_customers", "New customers", Revenue, Count, Higher, true,
      "orders or deals with a customer column",
      &[v("default", "customers whose first order or won deal ever falls in the period")]),
    k("customer_acquisition_cost", "CAC", Revenue, Currency, Lower, false,
      "a spend sheet and orders or deals with a customer column",
      &[v("default", "spend in the period / new customers")]),
    k("mrr", "Monthly recurring revenue", Revenue, Currency, Higher, false,
      "a subscriptions sheet",
      &[v("default", "monthly amount of subscriptions active on the period's last day")]),
    k("arr", "Annual recurring revenue", Revenue, Currency, Higher, false,
      "a subscriptions sheet",
      &[v("default", "MRR × 12")]),
    k("churn_rate", "Customer churn", Revenue, Ratio, Lower, false,
      "a subscriptions sheet with end dates",
      &[v("default", "customers active at the period's start whose last subscription ended in the period / customers active at the start")]),
    k("customer_lifetime_value", "Customer lifetime value", Revenue, Currency, Higher, false,
      "orders or deals with a customer column",
      &[v("historical", "revenue to the period's end / distinct customers to the period's end"),
        v("subscription", "(MRR / active customers) / monthly churn rate")]),
];

/// The KPI with this id (surrounding blanks ignored).
pub fn find(id: &str) -> Option<&'static KpiDef> {
    CATALOG.iter().find(|d| d.id == id.trim())
}

/// True when `s` names a KPI of the catalog, in any letter case (a targets sheet's KPI column).
pub fn is_kpi_id(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    CATALOG.iter().any(|d| d.id == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_29_kpis_each_once() {
        let ids: Vec<&str> = CATALOG.iter().map(|d| d.id).collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
        assert!(is_kpi_id(" Win_Rate ") && !is_kpi_id("win rate"));
        assert_eq!(ids.len(), 29);
        let additive: Vec<&str> = CATALOG
            .iter()
            .filter(|d| d.additive)
            .map(|d| d.id)
            .collect();
        assert_eq!(
            additive,
            [
                "new_leads",
                "qualified_leads",
                "calls_made",
                "emails_sent",
                "meetings_scheduled",
                "total_revenue",
                "deals_won",
                "new_customers"
            ]
        );
        let lower: Vec<&str> = CATALOG
            .iter()
            .filter(|d| d.better == Better::Lower)
            .map(|d| d.id)
            .collect();
        assert_eq!(
            lower,
            [
                "cost_per_lead",
                "lead_response_time_hours",
                "sales_cycle_days",
                "customer_acquisition_cost",
                "churn_rate"
            ]
        );
    }
}

/// A KPI as the window describes it: name, unit, direction, what it needs,
/// and every variant with its formula.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "KpiInfo.ts")]
pub struct KpiInfo {
    /// The KPI's id.
    pub id: String,
    /// The name people read.
    pub name: String,
    /// Its perspective.
    pub perspective: Perspective,
    /// What its value measures.
    pub unit: Unit,
    /// Which way it is good.
    pub better: Better,
    /// A flow that adds up over time (goals split by days).
    pub additive: bool,
    /// What to import when it cannot be computed.
    pub needs: String,
    /// The default first.
    pub variants: Vec<VariantInfo>,
}

/// A variant of a KPI, for the window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export_to = "VariantInfo.ts")]
pub struct VariantInfo {
    /// The variant's id.
    pub id: String,
    /// Its formula.
    pub formula: String,
}

/// The whole catalog, in order.
pub fn info() -> Vec<KpiInfo> {
    CATALOG
        .iter()
        .map(|d| KpiInfo {
            id: d.id.into(),
            name: d.name.into(),
            perspective: d.perspective,
            unit: d.unit,
            better: d.better,
            additive: d.additive,
            needs: d.needs.into(),
            variants: d
                .variants
                .iter()
                .map(|v| VariantInfo {
                    id: v.id.into(),
                    formula: v.formula.into(),
                })
                .collect(),
        })
        .collect()
}
