// The Outlook view: will the period hit its revenue goal? The outlook chart
// and the figures, each with what it is; the plan with its what-if rates;
// the overdue deals; and the leaderboard (views/leaderboard.ts). A pure
// function of the state. The what-if fields show what the user typed: a
// repaint never takes their text or focus.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import type { Outlook } from "../bindings/Outlook";
import type { AppState, Dispatch } from "../appstate";
import { endedText, RATE_NAMES, RATES, rateText, readWhatIf, weightingText, type Rate } from "../outlook";
import * as st from "../state";
import { formatCount, formatKpi } from "../view";
import { leaderboardCard } from "./leaderboard";
import { btn, chartFigure } from "./parts";

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** One figure: its row id, name, value, what it is, and why it has no value. */
type Figure = [string, string, string, TemplateResult | string, string | null];

function figures(o: Outlook, cur: string): TemplateResult {
  const money = (v: number | null) => formatKpi(v, "currency", cur);
  const why = (k: string, v: number | null, fallback: string | null = null) =>
    v === null ? (o.reasons[k] ?? fallback) : null;
  const noGoal = "no total revenue goal for this view: set one in Goals, or goals for its reps";
  const goalWhat =
    o.goal_source === "rolled_up"
      ? "Total revenue goal, rolled up from the reps' goals (this view has no goal of its own)"
      : "The total revenue goal set for this view";
  const omitted = o.omitted > 0 ? `; ${money(o.omitted)} in the omitted category is left out` : "";
  // An outlook of a period still to come is taken before it starts.
  const closedWhat =
    o.as_of < o.period.start
      ? `Revenue won in the period: none yet, as the outlook is taken on ${st.dayText(o.as_of)}, before it starts`
      : `Revenue won from the period's start to ${st.dayText(o.as_of)}`;
  const deals = `${formatCount(o.open_deals)} open ${o.open_deals === 1 ? "deal" : "deals"}`;
  const rows: Figure[] = [
    ["goal", "Goal", money(o.goal), goalWhat, why("goal", o.goal, noGoal)],
    ["closed", "Closed", money(o.closed), closedWhat, null],
    ["commit", "Commit", money(o.commit), "Closed, plus open deals closing in the period in the commit category", null],
    ["best_case", "Best case", money(o.best_case), "Commit, plus open deals in the best case category", null],
    [
      "pipeline",
      "Pipeline",
      money(o.pipeline),
      html`<span id="outlook-open-deals">${deals}</span> expected to close in the period${omitted}`,
      null,
    ],
    [
      "weighted",
      "Weighted",
      money(o.weighted),
      `Closed, plus each open deal's amount weighted by ${weightingText(o.weighting)}`,
      why("weighted", o.weighted),
    ],
    [
      "gap_to_goal",
      "Gap to goal",
      money(o.gap_to_goal),
      "The goal minus closed; nothing once the goal is met",
      why("gap_to_goal", o.gap_to_goal, noGoal),
    ],
    [
      "pipeline_coverage",
      "Pipeline coverage",
      formatKpi(o.pipeline_coverage, "multiple"),
      "The pipeline divided by the gap to goal (3× is a common rule of thumb)",
      why("pipeline_coverage", o.pipeline_coverage),
    ],
  ];
  const stat = ([id, name, value, what, reason]: Figure) =>
    html`<div class="stat"><dt>${name}</dt><dd class="fig" id=${`outlook-${id}`}>${value}</dd><dd class="what">${what}</dd>${reason !== null ? html`<dd class="hint" id=${`outlook-why-${id}`}>${cap(reason)}</dd>` : nothing}</div>`;
  return html`<dl class="stats" id="outlook-figures">${rows.map(stat)}</dl>`;
}

/** The plan's three figures: each rests on the one before and on a rate. */
type Needed = "deals_needed" | "opportunities_needed" | "leads_needed";
const STEPS: [string, string, Rate, Needed][] = [
  ["deals", "Deals needed", "average_deal_size", "deals_needed"],
  ["opportunities", "Opportunities needed", "win_rate", "opportunities_needed"],
  ["leads", "Leads needed", "lead_conversion_rate", "leads_needed"],
];

const FIELD_LABELS: Record<Rate, string> = {
  average_deal_size: "Average deal size",
  win_rate: "Win rate (%)",
  lead_conversion_rate: "Lead conversion rate (%)",
};

function whatIfForm(s: AppState, d: Dispatch, cur: string): TemplateResult {
  const { errors } = readWhatIf(s.whatIf, cur);
  const waiting =
    Object.keys(errors).length > 0
      ? html`<p class="field-error" id="whatif-waiting">The plan above keeps the last rates that read until the field is corrected.</p>`
      : nothing;
  const today = s.todayRates?.rates ?? null;
  const field = (r: Rate) => {
    const id = `whatif-${r}`;
    const err = errors[r];
    const note =
      err !== undefined
        ? html`<span class="field-error" id=${`${id}-note`}>${err}</span>`
        : html`<span class="field-note" id=${`${id}-note`}>Today: ${rateText(r, today?.[r] ?? null, cur)}</span>`;
    const typed = (e: Event) => d({ type: "whatIf", rate: r, text: (e.currentTarget as HTMLInputElement).value });
    return html`<div class="field whatif-field"><label for=${id}>${FIELD_LABELS[r]}${r === "average_deal_size" ? ` (${cur})` : ""}</label><input id=${id} type="text" inputmode="decimal" autocomplete="off" placeholder=${r === "average_deal_size" ? "e.g. 30,000" : "e.g. 40%"} aria-invalid=${err !== undefined ? "true" : "false"} aria-describedby=${`${id}-note`} .value=${live(s.whatIf[r])} @input=${typed}>${note}</div>`;
  };
  const reset = btn("Reset to today's rates", () => d({ type: "resetWhatIf" }), {
    id: "whatif-reset",
    title: "Empty the what-if fields: the plan rests on the rates of the 12 months before",
  });
  return html`<form class="whatif" id="whatif" @submit=${(e: Event) => e.preventDefault()}><fieldset><legend>What if the rates were…</legend><div class="form-row">${RATES.map(field)}</div>${waiting}<div class="actions">${reset}</div></fieldset></form>`;
}

function planCard(s: AppState, d: Dispatch, o: Outlook, cur: string): TemplateResult {
  const p = o.plan;
  const head = html`<h2 id="plan-title">Plan</h2>`;
  if (o.period_over) {
    const why = p.reasons.plan ?? "the period is over: there is nothing left to plan";
    return html`<section class="card plan" id="outlook-plan" aria-labelledby="plan-title">${head}<p class="ended" id="outlook-ended">${endedText(o, cur)}</p><p class="muted" id="plan-reason">The plan does not apply. ${cap(why)}.</p></section>`;
  }
  const line = ([id, name, r, key]: (typeof STEPS)[number]) => {
    const v = p[key];
    const reason = p.reasons[key];
    const tag = p.what_if.includes(r)
      ? html` <span class="tag" title="A what-if, not the history">what-if</span>`
      : nothing;
    const rests =
      p.rates[r] !== null
        ? html`at ${r === "average_deal_size" ? "an" : "a"} ${RATE_NAMES[r]} of ${rateText(r, p.rates[r], cur)}${tag}`
        : nothing;
    return html`<tr><th scope="row">${name}</th><td class="num fig" id=${`plan-${id}`}>${v === null ? "—" : formatCount(v)}</td><td class="what">${rests}${v === null && reason !== undefined ? html`<div class="hint">${cap(reason)}</div>` : nothing}</td></tr>`;
  };
  const [from, to] = p.window.split("..");
  const window =
    from !== undefined && to !== undefined && to !== "" ? `the 12 months ${st.daySpan(from, to)}` : p.window;
  const used = p.what_if.map((r) => RATE_NAMES[r as Rate] ?? r);
  const others = Object.entries(p.reasons).filter(([k]) => k !== "plan" && !STEPS.some((x) => x[3] === k));
  return html`<section class="card plan" id="outlook-plan" aria-labelledby="plan-title">${head}<p class="muted">What it takes to close the gap to the goal.</p>${p.reasons.plan !== undefined ? html`<p class="hint" id="plan-reason">${cap(p.reasons.plan)}.</p>` : nothing}<div aria-live="polite" aria-busy=${s.figuresBusy ? "true" : "false"} class="plan-figures"><table class="figures" id="plan-figures"><caption class="sr-only">The plan</caption><tbody>${STEPS.map(line)}</tbody></table></div><p class="muted" id="plan-window">Today's rates are those of ${window}.${used.length > 0 ? html` <span id="plan-what-if">What-ifs: ${used.join(", ")}.</span>` : nothing}</p>${others.map(([k, t]) => html`<p class="hint">${cap(k.replace(/_/g, " "))}: ${t}</p>`)}${whatIfForm(s, d, cur)}</section>`;
}

function overdueCard(o: Outlook, cur: string): TemplateResult {
  const od = o.overdue;
  const money = (v: number) => formatKpi(v, "currency", cur);
  const body =
    od.count === 0
      ? html`<p class="muted" id="overdue-none">No overdue deals: no open deal's expected close date has passed.</p>`
      : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Overdue deals"><table id="overdue-table"><thead><tr><th>Deal</th><th>Rep</th><th class="num">Amount</th><th>Expected close</th></tr></thead><tbody>${od.deals.map(
          (x) =>
            html`<tr><td>${x.deal ?? "—"}</td><td>${x.rep ?? "—"}</td><td class="num">${money(x.amount)}</td><td>${x.close_date === "" ? "—" : st.dayText(x.close_date)}</td></tr>`,
        )}</tbody></table></div>`;
  const count =
    od.count === 0 ? nothing : html` <span class="muted">(${formatCount(od.count)}, ${money(od.amount)})</span>`;
  return html`<section class="card" id="overdue" aria-labelledby="overdue-title"><h2 id="overdue-title">Overdue deals${count}</h2><p class="muted">Open deals past their expected close date, largest first. They still count in the figures.</p>${body}</section>`;
}

export function outlookView(s: AppState, d: Dispatch): TemplateResult {
  const page = s.outlook;
  if (page === null) {
    if (s.outlookNote !== null) {
      const imp = btn("Import files…", () => d({ type: "open", kind: "deals" }), {
        primary: true,
        id: "outlook-import",
      });
      return html`<section class="card" id="outlook-note"><h2>Outlook</h2><p id="outlook-message">${s.outlookNote}${/[.!?]$/.test(s.outlookNote) ? "" : "."}</p><div class="actions">${imp}</div></section>`;
    }
    return html`<section class="card muted" id="outlook-loading">${s.loading ? "Computing the outlook…" : ""}</section>`;
  }
  const o = page.outlook;
  const cur = page.currency;
  const money = (v: number | null) => formatKpi(v, "currency", cur);
  const goal = o.goal === null ? "with no goal" : `against a goal of ${money(o.goal)}`;
  const alt = `Outlook for ${o.period.label}: closed ${money(o.closed)}, commit ${money(o.commit)}, best case ${money(o.best_case)}, ${goal}`;
  const asOf = o.period_over ? "the period is over" : `as of ${st.dayText(o.as_of)}`;
  const span = st.daySpan(o.period.start, o.period.end);
  return html`<section class="outlook" id="outlook"><div class="card"><div class="outlook-head"><h2 id="outlook-title" tabindex="-1">Outlook</h2><p class="muted" id="outlook-period">${o.period.label} · ${span} · ${asOf} · ${st.filterText(o.filter)}</p></div><div class="outlook-top">${chartFigure(page.chart, alt, d)}${figures(o, cur)}</div></div><div class="outlook-pair">${planCard(s, d, o, cur)}${overdueCard(o, cur)}</div>${leaderboardCard(s, d, page)}</section>`;
}
