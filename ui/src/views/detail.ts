// A KPI's detail: its numbers, definition, variant, goal editor and notes
// beside the gauge, why it moved (views/why.ts), the monthly trend (its
// months to point at, views/trend.ts) and the breakdowns. A pure function
// of the state. The goal editor's inputs are the user's: a repaint never
// resets what is typed there, only a new KPI, period, filter or saved goal
// does.

import { html, nothing, type TemplateResult } from "lit-html";
import { keyed } from "lit-html/directives/keyed.js";
import type { Detail } from "../bindings/Detail";
import { shownPeriod, type AppState, type Dispatch } from "../appstate";
import * as st from "../state";
import { formatAttainment, formatKpi, formatTarget, statusText } from "../view";
import { notesSection } from "./notes";
import { btn, chartFigure, formValue, selectField } from "./parts";
import { trendMonths } from "./trend";
import { whyPanel } from "./why";

function goalForm(s: AppState, d: Dispatch, det: Detail): TemplateResult {
  const k = det.kpi;
  const period = shownPeriod(s)?.label ?? s.saved.period ?? "";
  const filter = JSON.stringify(s.saved.filter);
  const goalNow = det.goals.find((g) => g.period === period && JSON.stringify(g.filter) === filter) ?? null;
  const target = goalNow === null ? "" : formatTarget(goalNow.target, k.unit);
  const save = (e: Event) => {
    e.preventDefault();
    d({ type: "saveGoal", kpi: k.id, period: formValue(e, "goal-period").trim(), target: formValue(e, "goal-target") });
  };
  const remove =
    goalNow !== null
      ? btn("Remove", () => d({ type: "removeGoal", goal: goalNow }), { subtle: true, id: "goal-remove" })
      : nothing;
  // A new form (its inputs as the goal is now) for another KPI, period, filter or goal.
  const key = JSON.stringify([k.id, period, filter, goalNow?.id ?? null, target]);
  return html`${keyed(
    key,
    html`<form class="goal-form" id="goal-form" @submit=${save}><h3>Goal</h3><p class="muted">For ${st.filterText(s.saved.filter)}</p><div class="form-row"><label class="field"><span>Period</span><input id="goal-period" type="text" .value=${period}></label><label class="field"><span>Target</span><input id="goal-target" type="text" inputmode="decimal" placeholder=${k.unit === "ratio" ? "e.g. 25%" : k.unit === "multiple" ? "e.g. 3x" : "e.g. 250000"} .value=${target}></label></div><div class="actions"><button type="submit" class="btn primary" id="goal-save">${goalNow === null ? "Set goal" : "Update goal"}</button>${remove}</div></form>`,
  )}`;
}

function facts(det: Detail): TemplateResult {
  const k = det.kpi;
  const cur = det.currency;
  const projected =
    k.projection !== null ? html`<dt>Projected</dt><dd>${formatKpi(k.projection, k.unit, cur)}</dd>` : nothing;
  return html`<dl class="facts"><dt>Actual</dt><dd id="detail-value">${formatKpi(k.value, k.unit, cur)}</dd><dt>${k.expected !== null ? "Goal to date" : "Goal"}</dt><dd id="detail-goal">${formatKpi(k.expected ?? k.goal, k.unit, cur)}${k.goal_source === "rolled_up" ? html` <span class="muted" title="The sum of the reps' goals: this view has no goal of its own">(rolled up)</span>` : nothing}</dd><dt>Attainment</dt><dd id="detail-attainment"><span class=${`pill ${k.status}`}>${formatAttainment(k.attainment)} · ${statusText(k.status)}</span></dd><dt>Previous period</dt><dd>${formatKpi(k.previous, k.unit, cur)}</dd><dt>Year ago</dt><dd>${formatKpi(k.year_ago, k.unit, cur)}</dd>${projected}</dl>`;
}

export function detailView(s: AppState, d: Dispatch): TemplateResult {
  const det = s.detail;
  const from = s.saved.route.view === "kpi" ? s.saved.route.kpi : "";
  const back = btn("← Scorecard", () => d({ type: "go", route: { view: "scorecard" }, focus: `tile-${from}` }), {
    subtle: true,
    id: "back",
    title: "Back to the scorecard (Escape)",
  });
  if (det === null)
    return html`<section class="card">${back}<p class="muted">${s.loading ? "Computing…" : ""}</p></section>`;
  const k = det.kpi;
  const variant =
    det.info.variants.length > 1
      ? selectField(
          "variant",
          "Variant",
          det.info.variants.map((v) => [v.id, `${v.id}: ${v.formula}`]),
          k.variant,
          (v) => d({ type: "setting", key: `variant.${k.id}`, value: v }),
        )
      : nothing;
  const side = html`<aside class="card detail-side">${facts(det)}<h3>Definition</h3><p id="definition">${k.definition}</p>${k.reason !== null ? html`<p class="hint">${k.reason}</p>` : nothing}${variant}${goalForm(s, d, det)}${notesSection(s, d, det)}</aside>`;
  const charts = det.charts.map((c) => {
    const [kindName, , dim] = c.spec.split(":");
    const alt =
      kindName === "gauge"
        ? `${k.name} against its goal`
        : kindName === "trend"
          ? `${k.name}: monthly trend`
          : `${k.name} by ${(dim ?? "").replace(/_/g, " ")}`;
    const figure = chartFigure(c, alt, d, {
      wide: kindName === "trend",
      caption: kindName === "breakdown",
      overlay: kindName === "trend" ? trendMonths(s, d, c, alt) : nothing,
    });
    // Why it moved comes under the gauge.
    return kindName === "gauge" ? html`${figure}${whyPanel(s, d, det)}` : figure;
  });
  return html`<section class="detail" id="detail"><div class="detail-head">${back}<h2 id="detail-title" tabindex="-1">${k.name}</h2></div><div class="detail-grid">${side}<div class="detail-charts">${charts}</div></div></section>`;
}
