// The Outlook's leaderboard: a KPI's reps ranked by attainment of their own
// goals, its chart beside the table, the KPI chosen from a list. Reps with
// no goal come after the ranked ones, unranked. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import type { LeaderboardRow } from "../bindings/LeaderboardRow";
import type { OutlookPage } from "../bindings/OutlookPage";
import type { AppState, Dispatch } from "../appstate";
import { formatAttainment, formatKpi, statusText } from "../view";
import { chartFigure, selectField } from "./parts";

export function leaderboardCard(s: AppState, d: Dispatch, page: OutlookPage): TemplateResult {
  const lb = page.leaderboard;
  const fmt = (v: number | null) => formatKpi(v, lb.unit, page.currency);
  const dim = lb.dimension.replace(/_/g, " ");
  const options: [string, string][] = s.catalog.length > 0 ? s.catalog.map((k) => [k.id, k.name]) : [[lb.kpi, lb.name]];
  const pick = selectField(
    "leaderboard-kpi",
    "KPI",
    options,
    s.leaderboardKpi,
    (v) => d({ type: "leaderboardKpi", kpi: v }),
    "inline",
  );
  const summary =
    lb.at_goal_share === null
      ? `No ${dim} has a ${lb.name.toLowerCase()} goal for ${lb.period.label}: the ${dim}s are listed by value, unranked.`
      : `At or above goal: ${formatAttainment(lb.at_goal_share)} of the ${dim}s with a goal · median attainment ${formatAttainment(lb.median_attainment)}`;
  const ranked = lb.rows.filter((r) => r.rank !== null).length;
  const row = (r: LeaderboardRow, i: number) => {
    const first = r.rank === null && i === ranked && ranked > 0;
    const group = first
      ? html`<tr class="group"><th colspan="6" scope="rowgroup">Without a goal (not ranked)</th></tr>`
      : nothing;
    const status = r.goal === null ? nothing : html`<span class=${`pill ${r.status}`}>${statusText(r.status)}</span>`;
    return html`${group}<tr data-rank=${r.rank ?? ""}><td class="num">${r.rank ?? "—"}</td><td>${r.segment === "" ? `(no ${dim})` : r.segment}</td><td class="num">${fmt(r.value)}</td><td class="num">${fmt(r.goal)}</td><td class="num">${formatAttainment(r.attainment)}</td><td>${status}</td></tr>`;
  };
  const table = html`<div class="table-scroll" tabindex="0" role="region" aria-label=${`${lb.name} by ${dim}`}><table id="leaderboard-table"><thead><tr><th class="num">Rank</th><th>${dim.charAt(0).toUpperCase() + dim.slice(1)}</th><th class="num">Value</th><th class="num">Goal</th><th class="num">Attainment</th><th>Status</th></tr></thead><tbody>${lb.rows.map(row)}</tbody></table></div>`;
  const alt = `Leaderboard: ${lb.name} by ${dim} for ${lb.period.label}, each against their own goal`;
  return html`<section class="card" id="leaderboard" aria-labelledby="leaderboard-title"><div class="card-head"><h2 id="leaderboard-title">Leaderboard: ${lb.name} by ${dim}</h2>${pick}</div><p class="muted" id="leaderboard-summary">${summary}</p><div class="leaderboard-grid">${chartFigure(page.leaderboard_chart, alt, d)}${table}</div></section>`;
}
