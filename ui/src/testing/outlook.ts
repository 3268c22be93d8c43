// What the core answers for the Outlook and the settings, faked for the
// window's tests (src/testing/fake.ts serves them).

import type { Settings as KpiSettings } from "../bindings/Settings";
import type { Outlook } from "../bindings/Outlook";
import type { OutlookPage } from "../bindings/OutlookPage";
import type { WhatIf } from "../bindings/WhatIf";

export const settingsOf = (over: Partial<KpiSettings> = {}): KpiSettings => ({
  fiscal_start_month: 1,
  thresholds: { green: 1, amber: 0.9 },
  kpi_thresholds: {},
  variants: {},
  weights: {},
  forecast_categories: {},
  focus: null,
  currency: null,
  limits: { workbook_mb: 1024, cells: 20_000_000, csv_row_kb: 4096, csv_field_kb: 1024, csv_columns: 16384 },
  ...over,
});

/**
 * An outlook as the core answers it: goal 1,000,000 (rolled up), closed
 * 600,000, so a gap of 400,000; today's rates an average deal of 20,000, a
 * win rate of 25% and a lead conversion of 10%, each replaced by its what-if.
 * 2025-Q1 is over.
 */
export function outlookOf(period: string | null, w: WhatIf): Outlook {
  const label = period ?? "2025-Q2";
  const over = label === "2025-Q1";
  const avg = w.average_deal_size ?? 20000;
  const win = w.win_rate ?? 0.25;
  const conv = w.lead_conversion_rate ?? 0.1;
  const deals = Math.ceil(400000 / avg);
  const opportunities = Math.ceil(deals / win);
  return {
    period: { label, kind: "quarter", start: "2025-04-01", end: "2025-06-30", to_date: null, elapsed: null },
    as_of: "2025-05-15",
    period_over: over,
    filter: [],
    currency: "$",
    segments: null,
    goal: 1000000,
    goal_source: "rolled_up",
    closed: 600000,
    commit: 750000,
    best_case: 900000,
    pipeline: 960000,
    open_deals: 42,
    omitted: 0,
    weighted: 850000,
    weighted_pipeline: 250000,
    weighting: "probability",
    gap_to_goal: 400000,
    pipeline_coverage: 2.4,
    overdue: {
      count: 1,
      amount: 50000,
      deals: [{ deal: "D-1", rep: "Ann Lee", amount: 50000, close_date: "2025-05-01" }],
    },
    plan: {
      applies: !over,
      deals_needed: over ? null : deals,
      opportunities_needed: over ? null : opportunities,
      leads_needed: over ? null : Math.ceil(opportunities / conv),
      rates: { win_rate: win, average_deal_size: avg, lead_conversion_rate: conv },
      window: "2024-04-01..2025-03-31",
      what_if: (["win_rate", "average_deal_size", "lead_conversion_rate"] as const).filter((r) => w[r] !== null),
      reasons: over ? { plan: "the period is over: this is how it ended, and there is nothing left to plan" } : {},
    },
    reasons: {},
  };
}

export function outlookPage(o: Outlook, kpi: string): OutlookPage {
  return {
    outlook: o,
    chart: { spec: "outlook", svg: `<svg viewBox="0 0 880 300"></svg>`, regions: [] },
    leaderboard: {
      kpi,
      name: kpi === "total_revenue" ? "Total sales revenue" : "Deals won",
      unit: kpi === "total_revenue" ? "currency" : "count",
      better: "higher",
      period: o.period,
      filter: [],
      dimension: "rep",
      currency: "$",
      rows: [
        { segment: "Ann Lee", value: 120, goal: 100, attainment: 1.2, status: "green", rank: 1 },
        { segment: "Bob Stone", value: 80, goal: 100, attainment: 0.8, status: "red", rank: 2 },
        { segment: "Cy Park", value: 50, goal: null, attainment: null, status: "none", rank: null },
      ],
      at_goal_share: 0.5,
      median_attainment: 1,
    },
    leaderboard_chart: { spec: `leaderboard:${kpi}`, svg: `<svg viewBox="0 0 880 420"></svg>`, regions: [] },
    currency: "$",
  };
}
