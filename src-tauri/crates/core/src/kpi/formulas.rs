//! The KPI values computed from the tallies of a span (catalog section 3).

use super::facts::Facts;
use super::tally::{Groups, TableGroups, Tally};
use crate::catalog::{KpiDef, Perspective};

/// Why a KPI has no value.
pub type Reason = String;

/// What the value of one KPI is computed from.
pub struct Inputs<'a> {
    pub facts: &'a Facts,
    /// The variants chosen for win rate and sales cycle (pipeline velocity uses them).
    pub win_rate_variant: &'a str,
    /// The sales cycle's variant.
    pub cycle_variant: &'a str,
    pub groups: &'a TableGroups,
    pub tally: &'a Tally,
    /// Months in the span tallied (for the subscription lifetime value's
    /// monthly churn): days / (365.25 / 12).
    pub months: f64,
}

fn ratio(num: f64, den: f64, what: &str) -> Result<f64, Reason> {
    if den == 0.0 {
        Err(format!("no {what} in this period"))
    } else {
        Ok(num / den)
    }
}

fn missing(g: &Groups, kind: &str) -> Option<Reason> {
    match g {
        Groups::Missing(dim) => Some(format!("the {kind} records have no {dim}")),
        _ => None,
    }
}

/// Which records revenue comes from: orders when the workspace has any.
pub fn revenue_from_orders(f: &Facts) -> bool {
    !f.orders.date.is_empty()
}

/// The value of one KPI (with its variant) from the tallies of a span.
pub fn value(def: &KpiDef, variant: &str, x: &Inputs<'_>) -> Result<f64, Reason> {
    let c = Calc {
        def,
        variant,
        x,
        f: x.facts,
        t: x.tally,
        from_orders: revenue_from_orders(x.facts),
    };
    match def.perspective {
        Perspective::LeadGeneration => c.lead_generation(),
        Perspective::SalesActivity => c.sales_activity(),
        Perspective::Conversion => c.conversion(),
        Perspective::Revenue => c.revenue(),
    }
}

/// One KPI's computation: what it reads, and the checks shared by the KPIs
/// of a record kind (imported at all, carrying the view's dimensions, with
/// records in the period).
struct Calc<'a> {
    def: &'a KpiDef,
    variant: &'a str,
    x: &'a Inputs<'a>,
    f: &'a Facts,
    t: &'a Tally,
    from_orders: bool,
}

impl Calc<'_> {
    fn needs(&self) -> Reason {
        format!("needs {}", self.def.needs)
    }

    fn unknown(&self) -> Result<f64, Reason> {
        Err(format!(
            "\"{}\" is not a KPI Salescope computes",
            self.def.id
        ))
    }

    fn have(&self, imported: usize, g: &Groups, kind: &str, in_period: u64) -> Result<(), Reason> {
        if imported == 0 {
            return Err(self.needs());
        }
        if let Some(r) = missing(g, kind) {
            return Err(r);
        }
        if in_period == 0 {
            return Err(format!("no {kind} in this period"));
        }
        Ok(())
    }

    fn have_leads(&self) -> Result<(), Reason> {
        let gs = self.x.groups;
        self.have(
            self.f.leads.created.len(),
            &gs.leads,
            "leads",
            self.t.leads.new,
        )
    }

    fn have_acts(&self) -> Result<(), Reason> {
        let gs = self.x.groups;
        let n = self.f.activities.date.len();
        self.have(n, &gs.activities, "activities", self.t.activities.all)
    }

    fn have_spend(&self) -> Result<(), Reason> {
        let gs = self.x.groups;
        self.have(
            self.f.spend.date.len(),
            &gs.spend,
            "spend",
            self.t.spend.rows,
        )
    }

    fn have_deals(&self) -> Result<(), Reason> {
        let gs = self.x.groups;
        self.have(
            self.f.deals.created.len(),
            &gs.deals,
            "deals",
            self.t.deals.touched,
        )
    }

    fn have_subs(&self) -> Result<(), Reason> {
        let gs = self.x.groups;
        let n = self.f.subscriptions.start.len();
        self.have(
            n,
            &gs.subscriptions,
            "subscriptions",
            self.t.subscriptions.touched,
        )
    }

    fn have_revenue(&self) -> Result<(), Reason> {
        if self.from_orders {
            if let Some(r) = missing(&self.x.groups.orders, "orders") {
                return Err(r);
            }
            if self.t.orders.rows == 0 {
                return Err("no orders in this period".into());
            }
            Ok(())
        } else {
            self.have_deals()
        }
    }

    fn revenue_total(&self) -> f64 {
        if self.from_orders {
            self.t.orders.revenue
        } else {
            self.t.deals.won_amount
        }
    }

    fn sold(&self) -> f64 {
        (if self.from_orders {
            self.t.orders.orders
        } else {
            self.t.deals.won
        }) as f64
    }

    fn customer_known(&self) -> Result<(), Reason> {
        let dims = if self.from_orders {
            &self.f.orders.dims
        } else {
            &self.f.deals.dims
        };
        if dims.get("customer").is_none() {
            return Err(format!(
                "needs a customer column in the {}",
                if self.from_orders { "orders" } else { "deals" }
            ));
        }
        Ok(())
    }

    fn win_rate(&self, variant: &str) -> Result<f64, Reason> {
        let deals = &self.t.deals;
        if variant == "all_opportunities" {
            ratio(
                deals.created_won as f64,
                deals.created as f64,
                "deals created",
            )
        } else {
            ratio(
                deals.won as f64,
                (deals.won + deals.lost) as f64,
                "deals closed",
            )
        }
    }

    fn cycle(&self, all_closed: bool) -> Result<f64, Reason> {
        let deals = &self.t.deals;
        if !self.f.deals.any_close_date {
            return Err(self.needs());
        }
        if all_closed {
            ratio(
                deals.won_cycle_days + deals.lost_cycle_days,
                (deals.won_cycle_n + deals.lost_cycle_n) as f64,
                "deals closed",
            )
        } else {
            ratio(deals.won_cycle_days, deals.won_cycle_n as f64, "deals won")
        }
    }

    fn churn(&self) -> Result<f64, Reason> {
        let subs = &self.t.subscriptions;
        ratio(
            subs.churned as f64,
            subs.customers_start as f64,
            "customers active at the period's start",
        )
    }

    fn lead_generation(&self) -> Result<f64, Reason> {
        let (f, leads) = (self.f, &self.t.leads);
        match self.def.id {
            "new_leads" => self.have_leads().map(|_| leads.new as f64),
            "qualified_leads" => {
                self.have_leads()?;
                if !f.leads.any_qualified {
                    return Err(self.needs());
                }
                Ok(leads.qualified as f64)
            }
            "cost_per_lead" => {
                self.have_spend()?;
                self.have_leads()?;
                ratio(self.t.spend.amount, leads.new as f64, "new leads")
            }
            _ => self.unknown(),
        }
    }

    fn sales_activity(&self) -> Result<f64, Reason> {
        let (f, acts, leads) = (self.f, &self.t.activities, &self.t.leads);
        match self.def.id {
            "calls_made" => self.have_acts().map(|_| acts.calls as f64),
            "emails_sent" => self.have_acts().map(|_| acts.emails as f64),
            "meetings_scheduled" => self.have_acts().map(|_| acts.meetings as f64),
            "activities_per_rep" => {
                self.have_acts()?;
                if !f.activities.any_rep {
                    return Err(self.needs());
                }
                ratio(
                    acts.with_rep as f64,
                    acts.reps as f64,
                    "activities with a rep",
                )
            }
            "email_open_rate" | "email_click_rate" => {
                self.have_acts()?;
                if !f.activities.any_email_outcome {
                    return Err(self.needs());
                }
                let sent = acts.emails as f64;
                let (num, den, what) = match (self.def.id, self.variant) {
                    ("email_open_rate", "per_delivered") => (
                        acts.emails_opened,
                        sent - acts.emails_bounced as f64,
                        "emails delivered",
                    ),
                    ("email_open_rate", _) => (acts.emails_opened, sent, "emails sent"),
                    (_, "per_opened") => (
                        acts.emails_clicked,
                        acts.emails_opened as f64,
                        "emails opened",
                    ),
                    _ => (acts.emails_clicked, sent, "emails sent"),
                };
                ratio(num as f64, den, what)
            }
            "meeting_attendance_rate" => {
                self.have_acts()?;
                if !f.activities.any_meeting_outcome {
                    return Err(self.needs());
                }
                ratio(
                    acts.meetings_held as f64,
                    (acts.meetings_held + acts.meetings_no_show) as f64,
                    "meetings held or missed",
                )
            }
            "lead_response_time_hours" => {
                self.have_leads()?;
                if !f.leads.any_response {
                    return Err(self.needs());
                }
                let h = &leads.response_hours;
                if h.is_empty() {
                    return Err("no new lead with a response in this period".into());
                }
                Ok(if self.variant == "mean" {
                    h.iter().sum::<f64>() / h.len() as f64
                } else {
                    median(h)
                })
            }
            _ => self.unknown(),
        }
    }

    fn conversion(&self) -> Result<f64, Reason> {
        let (f, deals, leads) = (self.f, &self.t.deals, &self.t.leads);
        match self.def.id {
            "lead_conversion_rate" => {
                self.have_leads()?;
                if !f.leads.any_converted {
                    return Err(self.needs());
                }
                Ok(leads.converted as f64 / leads.new as f64)
            }
            "win_rate" => {
                self.have_deals()?;
                self.win_rate(self.variant)
            }
            "sales_cycle_days" => {
                self.have_deals()?;
                self.cycle(self.variant == "all_closed")
            }
            "open_pipeline_value" => self.have_deals().map(|_| deals.open_amount),
            "pipeline_velocity" => {
                self.have_deals()?;
                let rate = self.win_rate(self.x.win_rate_variant)?;
                let size = ratio(deals.won_amount, deals.won as f64, "deals won")?;
                let days = self.cycle(self.x.cycle_variant == "all_closed")?;
                if days <= 0.0 {
                    return Err("the sales cycle is not longer than zero days".into());
                }
                Ok(deals.open as f64 * rate * size / days)
            }
            _ => self.unknown(),
        }
    }

    fn revenue(&self) -> Result<f64, Reason> {
        let (f, t) = (self.f, self.t);
        let (deals, orders, subs) = (&t.deals, &t.orders, &t.subscriptions);
        let new_customers = t.new_customers as f64;
        match self.def.id {
            "total_revenue" => self.have_revenue().map(|_| self.revenue_total()),
            "deals_won" => self.have_revenue().map(|_| self.sold()),
            "average_deal_size" => {
                self.have_revenue()?;
                ratio(
                    self.revenue_total(),
                    self.sold(),
                    if self.from_orders {
                        "orders"
                    } else {
                        "deals won"
                    },
                )
            }
            "gross_margin" => {
                if !self.from_orders || !f.orders.any_margin {
                    return Err(self.needs());
                }
                self.have_revenue()?;
                ratio(
                    orders.margin_profit,
                    orders.margin_revenue,
                    "revenue with a profit or cost",
                )
            }
            // A first purchase may be a won deal in a workspace whose revenue comes
            // from orders: a new customer is a record in the period either way.
            "new_customers" => {
                if t.new_customers == 0 {
                    self.have_revenue()?;
                }
                self.customer_known()?;
                Ok(new_customers)
            }
            "customer_acquisition_cost" => {
                self.have_spend()?;
                if t.new_customers == 0 {
                    self.have_revenue()?;
                }
                self.customer_known()?;
                ratio(t.spend.amount, new_customers, "new customers")
            }
            "mrr" => self.have_subs().map(|_| subs.mrr_end),
            "arr" => self.have_subs().map(|_| subs.mrr_end * 12.0),
            "churn_rate" => {
                self.have_subs()?;
                if !f.subscriptions.end.iter().any(|&e| e != i32::MAX) {
                    return Err(self.needs());
                }
                self.churn()
            }
            "customer_lifetime_value" => {
                if self.variant == "subscription" {
                    self.have_subs()?;
                    let per_customer =
                        ratio(subs.mrr_end, subs.customers_end as f64, "active customers")?;
                    let monthly = self.churn()? / self.x.months;
                    if monthly == 0.0 {
                        return Err("no customer churned in this period".into());
                    }
                    Ok(per_customer / monthly)
                } else {
                    self.have_revenue()?;
                    self.customer_known()?;
                    let (rev, n) = if self.from_orders {
                        (orders.revenue_to_end, orders.customers_to_end)
                    } else {
                        (deals.revenue_to_end, deals.customers_to_end)
                    };
                    ratio(rev, n as f64, "customers")
                }
            }
            _ => self.unknown(),
        }
    }
}

/// The median (the mean of the middle two for an even count); the values need not be sorted.
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// How a KPI's change splits across segments (catalog section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// A sum over records: each segment's part is its own value.
    Sum,
    /// numerator / denominator, both sums over records: rate and mix.
    Ratio,
    /// Neither (a median, a product of rates, an outlook figure).
    None,
}

/// How `def` (with its variant) splits.
pub fn split(def: &KpiDef, variant: &str) -> Split {
    match def.id {
        "new_leads"
        | "qualified_leads"
        | "calls_made"
        | "emails_sent"
        | "meetings_scheduled"
        | "total_revenue"
        | "deals_won"
        | "new_customers"
        | "open_pipeline_value"
        | "mrr"
        | "arr" => Split::Sum,
        "cost_per_lead"
        | "activities_per_rep"
        | "email_open_rate"
        | "email_click_rate"
        | "meeting_attendance_rate"
        | "lead_conversion_rate"
        | "win_rate"
        | "sales_cycle_days"
        | "average_deal_size"
        | "gross_margin"
        | "customer_acquisition_cost"
        | "churn_rate" => Split::Ratio,
        "customer_lifetime_value" if variant != "subscription" => Split::Ratio,
        _ => Split::None,
    }
}

/// A ratio KPI's numerator and denominator from the tallies of a span, as
/// its value divides them (the value is numerator / denominator, when the
/// denominator is not 0); none for other KPIs or when the records it counts
/// do not carry the view's dimensions.
pub fn fraction(def: &KpiDef, variant: &str, x: &Inputs<'_>) -> Option<(f64, f64)> {
    let t = x.tally;
    let from_orders = revenue_from_orders(x.facts);
    // The records it counts must carry the view's dimensions; a segment
    // with none of them in a span is (0, 0), which the split handles.
    let g = x.groups;
    let sales = if from_orders { &g.orders } else { &g.deals };
    let tables: &[&Groups] = match def.id {
        "cost_per_lead" => &[&g.spend, &g.leads],
        "lead_conversion_rate" => &[&g.leads],
        "win_rate" | "sales_cycle_days" => &[&g.deals],
        "gross_margin" => &[&g.orders],
        "customer_acquisition_cost" => &[&g.spend, sales],
        "churn_rate" => &[&g.subscriptions],
        "average_deal_size" | "customer_lifetime_value" => &[sales],
        _ => &[&g.activities],
    };
    if tables.iter().any(|t| matches!(t, Groups::Missing(_))) {
        return None;
    }
    let (acts, deals, leads) = (&t.activities, &t.deals, &t.leads);
    let pair = |n: f64, d: u64| (n, d as f64);
    Some(match def.id {
        "cost_per_lead" => pair(t.spend.amount, leads.new),
        "activities_per_rep" => pair(acts.with_rep as f64, acts.reps),
        "email_open_rate" if variant == "per_delivered" => (
            acts.emails_opened as f64,
            (acts.emails - acts.emails_bounced) as f64,
        ),
        "email_open_rate" => pair(acts.emails_opened as f64, acts.emails),
        "email_click_rate" if variant == "per_opened" => {
            pair(acts.emails_clicked as f64, acts.emails_opened)
        }
        "email_click_rate" => pair(acts.emails_clicked as f64, acts.emails),
        "meeting_attendance_rate" => pair(
            acts.meetings_held as f64,
            acts.meetings_held + acts.meetings_no_show,
        ),
        "lead_conversion_rate" => pair(leads.converted as f64, leads.new),
        "win_rate" if variant == "all_opportunities" => {
            pair(deals.created_won as f64, deals.created)
        }
        "win_rate" => pair(deals.won as f64, deals.won + deals.lost),
        "sales_cycle_days" if variant == "all_closed" => (
            deals.won_cycle_days + deals.lost_cycle_days,
            (deals.won_cycle_n + deals.lost_cycle_n) as f64,
        ),
        "sales_cycle_days" => pair(deals.won_cycle_days, deals.won_cycle_n),
        "average_deal_size" if from_orders => pair(t.orders.revenue, t.orders.orders),
        "average_deal_size" => pair(deals.won_amount, deals.won),
        "gross_margin" => (t.orders.margin_profit, t.orders.margin_revenue),
        "customer_acquisition_cost" => pair(t.spend.amount, t.new_customers),
        "churn_rate" => pair(
            t.subscriptions.churned as f64,
            t.subscriptions.customers_start,
        ),
        "customer_lifetime_value" if from_orders => {
            pair(t.orders.revenue_to_end, t.orders.customers_to_end)
        }
        "customer_lifetime_value" => pair(deals.revenue_to_end, deals.customers_to_end),
        _ => return None,
    })
}
