// The balanced scorecard (home): the overall score, the focus KPIs' tiles
// (the ones the team reviews, in their order), then the other KPIs folded
// under "All KPIs", each perspective with its score and tiles; a tile opens
// the KPI's detail. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import type { Home } from "../bindings/Home";
import type { KpiResult } from "../bindings/KpiResult";
import { tileKey, type AppState, type Dispatch } from "../appstate";
import { splitKpis } from "../focus";
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

/** The perspectives, each with its score and the tiles of `shown` (indices of the scorecard's KPIs) that are its. */
function perspectives(s: AppState, home: Home, shown: number[], d: Dispatch): TemplateResult {
  const c = home.scorecard;
  const columns = PERSPECTIVES.map(([pid, pname]) => {
    const pr = c.perspectives.find((x) => x.id === pid);
    const tiles = c.kpis.map((k, i) => (k.perspective === pid && shown.includes(i) ? tile(s, home, k, i, d) : nothing));
    return html`<section class="perspective" aria-label=${pname} id=${`perspective-${pid}`}><header><h3>${pname}</h3><span class=${`pill ${pr?.status ?? "none"}`} title=${`${pr?.scored ?? 0} KPIs with a goal`}>${formatAttainment(pr?.score ?? null)}</span></header>${tiles}</section>`;
  });
  return html`<div class="perspectives">${columns}</div>`;
}

/**
 * The focus KPIs' tiles first, in their order; then every other KPI folded
 * under "All KPIs", by perspective. Without a focus KPI (no setting, and no
 * KPI with a goal or a value) the perspectives show every tile.
 */
function body(s: AppState, home: Home, d: Dispatch): TemplateResult {
  const { focus, rest } = splitKpis(home.scorecard);
  if (focus.length === 0) {
    return html`<p class="muted" id="focus-none">No focus KPIs in this view yet: set goals, or choose the KPIs the team reviews in Goals.</p>${perspectives(s, home, rest, d)}`;
  }
  const tiles = focus.map((i) => {
    const k = home.scorecard.kpis[i];
    return k === undefined ? nothing : tile(s, home, k, i, d);
  });
  const toggled = (e: Event) => d({ type: "allKpis", open: (e.currentTarget as HTMLDetailsElement).open });
  const chosen = home.scorecard.focus_set
    ? "chosen in Goals"
    : "every KPI with a goal in this view (with a value, when none has a goal)";
  return html`<section class="focus-kpis" id="focus-kpis" aria-labelledby="focus-kpis-title"><h3 id="focus-kpis-title" title=${`The KPIs the team reviews: ${chosen}`}>Focus KPIs</h3><div class="focus-tiles">${tiles}</div></section><details class="all-kpis" id="all-kpis" ?open=${s.allKpisOpen} @toggle=${toggled}><summary id="all-kpis-summary">All KPIs (${rest.length})</summary>${perspectives(s, home, rest, d)}</details>`;
}

export function scorecardView(s: AppState, d: Dispatch): TemplateResult {
  const home = s.home;
  if (home === null) return html`<section class="card muted">${s.loading ? "Computing the scorecard…" : ""}</section>`;
  const c = home.scorecard;
  const overallTitle =
    "Overall score: the weighted mean of the perspective scores (each KPI's attainment capped at 150%)";
  return html`<section class="scorecard" id="scorecard"><div class="score-head"><div><h2>Balanced scorecard</h2><p class="muted" id="scorecard-period">${c.period.label} · ${st.periodText(c.period)} · ${st.filterText(s.saved.filter)}</p></div><div class=${`pill ${c.status}`} id="overall-score" title=${overallTitle}>Overall ${formatAttainment(c.score)}</div></div>${body(s, home, d)}</section>`;
}
