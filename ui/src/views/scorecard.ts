// The balanced scorecard (home): the overall score, then each perspective
// with its KPIs' tiles; a tile opens the KPI's detail. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import type { Home } from "../bindings/Home";
import type { KpiResult } from "../bindings/KpiResult";
import { tileKey, type AppState, type Dispatch } from "../appstate";
import * as st from "../state";
import { formatAttainment, formatKpi, kpiTooltip, statusText } from "../view";
import { chartFigure } from "./parts";

const PERSPECTIVES: [string, string][] = [
  ["lead_generation", "Lead generation"],
  ["sales_activity", "Sales activity"],
  ["conversion", "Conversion"],
  ["revenue", "Revenue"],
];

function tile(s: AppState, home: Home, k: KpiResult, i: number, d: Dispatch): TemplateResult | typeof nothing {
  const t = home.tiles[i];
  if (t === undefined) return nothing;
  const alt =
    k.value === null
      ? `${k.name}: ${k.reason ?? "no value"}`
      : `${k.name}: ${formatKpi(k.value, k.unit, home.currency)}, ${statusText(k.status)}`;
  // Why it moved, once asked for (the tile hovered or focused a moment).
  const why = s.tileWhy[tileKey(s, k.id)] ?? null;
  return chartFigure(t, alt, d, {
    onOpen: () => d({ type: "go", route: { view: "kpi", kpi: k.id }, focus: "detail-title" }),
    onHover: (on) => d({ type: "tileHover", kpi: k.id, on }),
    tooltip: kpiTooltip(k, home.currency, why),
    tip: why,
    id: `tile-${k.id}`,
    value: k.value === null ? "" : String(k.value),
    status: k.status,
    muted: k.value === null,
  });
}

export function scorecardView(s: AppState, d: Dispatch): TemplateResult {
  const home = s.home;
  if (home === null) return html`<section class="card muted">${s.loading ? "Computing the scorecard…" : ""}</section>`;
  const c = home.scorecard;
  const columns = PERSPECTIVES.map(([pid, pname]) => {
    const pr = c.perspectives.find((x) => x.id === pid);
    const tiles = c.kpis.map((k, i) => (k.perspective === pid ? tile(s, home, k, i, d) : nothing));
    return html`<section class="perspective" aria-label=${pname} id=${`perspective-${pid}`}><header><h3>${pname}</h3><span class=${`pill ${pr?.status ?? "none"}`} title=${`${pr?.scored ?? 0} KPIs with a goal`}>${formatAttainment(pr?.score ?? null)}</span></header>${tiles}</section>`;
  });
  const overallTitle =
    "Overall score: the weighted mean of the perspective scores (each KPI's attainment capped at 150%)";
  return html`<section class="scorecard" id="scorecard"><div class="score-head"><div><h2>Balanced scorecard</h2><p class="muted" id="scorecard-period">${c.period.label} · ${st.periodText(c.period)} · ${st.filterText(s.saved.filter)}</p></div><div class=${`pill ${c.status}`} id="overall-score" title=${overallTitle}>Overall ${formatAttainment(c.score)}</div></div><div class="perspectives">${columns}</div></section>`;
}
