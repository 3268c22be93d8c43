// The Goals view: every goal with Edit and Remove, the form to add one; the
// KPIs the team reviews (the focus set: ticked, reordered by drag, keys or
// buttons); the status thresholds and fiscal year below (each one key press
// away however long the table is); and the forecast category each deal stage counts in. A pure
// function of the state; the forms' inputs are the user's until a goal or
// setting is saved.

import { html, nothing, type TemplateResult } from "lit-html";
import { keyed } from "lit-html/directives/keyed.js";
import { live } from "lit-html/directives/live.js";
import { repeat } from "lit-html/directives/repeat.js";
import type { Goal } from "../bindings/Goal";
import type { StageCategory } from "../bindings/StageCategory";
import { currency, focusOf, kpiName, unitOf, type AppState, type Dispatch } from "../appstate";
import { focusRows, type FocusRow } from "../focus";
import { CATEGORIES, CATEGORY_NAMES, stageId } from "../outlook";
import * as st from "../state";
import { formatKpi, formatTarget } from "../view";
import { btn, formValue, selectField } from "./parts";

const MONTHS: [string, string][] = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
].map((m, i) => [String(i + 1), m]);

function row(s: AppState, d: Dispatch, g: Goal): TemplateResult {
  const edit = btn("Edit", () => d({ type: "editGoal", goal: g }), {
    subtle: true,
    id: `goal-edit-${g.id}`,
    title: "Change the target",
  });
  const remove = btn("Remove", () => d({ type: "removeGoal", goal: g }), { subtle: true, id: `goal-remove-${g.id}` });
  return html`<tr data-id=${String(g.id)}><td>${kpiName(s, g.kpi)}</td><td>${g.period}</td><td>${st.filterText(g.filter)}</td><td class="num">${formatKpi(g.target, unitOf(s, g.kpi), currency(s))}</td><td class="muted">${g.source ?? "set by hand"}</td><td class="row-actions">${edit}${remove}</td></tr>`;
}

function newGoal(s: AppState, d: Dispatch): TemplateResult {
  const period = s.home?.scorecard.period.label ?? s.saved.period ?? "";
  const add = (e: Event) => {
    e.preventDefault();
    d({
      type: "saveGoal",
      kpi: formValue(e, "new-goal-kpi"),
      period: formValue(e, "new-goal-period").trim(),
      target: formValue(e, "new-goal-target"),
    });
  };
  const kpis = s.catalog.map((k) => html`<option value=${k.id}>${k.name}</option>`);
  return html`${keyed(
    JSON.stringify([period, s.saves]),
    html`<form class="form-row" id="new-goal" @submit=${add}><label class="field"><span>KPI</span><select id="new-goal-kpi">${kpis}</select></label><label class="field"><span>Period</span><input id="new-goal-period" type="text" placeholder="2025-Q3, 2025-07 or 2025" .value=${period}></label><label class="field"><span>Target</span><input id="new-goal-target" type="text" placeholder="250000, 25% or 3x"></label><button type="submit" class="btn primary" id="new-goal-save">Add goal</button></form>`,
  )}`;
}

function thresholds(s: AppState, d: Dispatch): TemplateResult {
  const t = s.settings?.thresholds ?? null;
  const green = t === null ? "" : formatTarget(t.green, "ratio");
  const amber = t === null ? "" : formatTarget(t.amber, "ratio");
  const save = (e: Event) => {
    e.preventDefault();
    d({ type: "setting", key: "thresholds", value: `${formValue(e, "th-green")},${formValue(e, "th-amber")}` });
  };
  return html`${keyed(
    JSON.stringify([green, amber, s.saves]),
    html`<form class="form-row" id="thresholds" @submit=${save}><label class="field"><span>Green from</span><input id="th-green" type="text" .value=${green}></label><label class="field"><span>Amber from</span><input id="th-amber" type="text" .value=${amber}></label><button type="submit" class="btn">Save thresholds</button></form>`,
  )}`;
}

const STAGE_WORDS: Record<string, string> = { open: "Open", won: "Won", lost: "Lost" };

function stageRow(d: Dispatch, c: StageCategory): TemplateResult {
  const id = stageId(c.label);
  const name = CATEGORY_NAMES[c.category] ?? c.category;
  // Won and lost deals are closed: only an open stage's category counts.
  const choice =
    c.stage === "open"
      ? selectField(
          id,
          `Category of “${c.label}”`,
          CATEGORIES.map((x) => [x, CATEGORY_NAMES[x] ?? x]),
          c.category,
          (v) => d({ type: "stageCategory", label: c.label, category: v }),
          "compact",
        )
      : html`<span class="muted" title="Won and lost deals are closed: their category is not used">${name}</span>`;
  const reset = c.set
    ? btn("Reset", () => d({ type: "stageCategory", label: c.label, category: null }), {
        subtle: true,
        id: `${id}-reset`,
        label: `Reset the category of “${c.label}”`,
        title: "Back to the stage's default: pipeline for an open stage",
      })
    : nothing;
  return html`<tr><td>${c.label}</td><td>${STAGE_WORDS[c.stage] ?? c.stage}</td><td>${choice}</td><td class="row-actions">${reset}</td></tr>`;
}

function categories(s: AppState, d: Dispatch): TemplateResult {
  const list = s.stageCategories;
  const table =
    list.length === 0
      ? html`<p class="muted">Import a deals sheet to choose how its stages count in the Outlook.</p>`
      : html`<table id="stage-categories"><thead><tr><th>Stage</th><th>Its deals are</th><th>Forecast category</th><th><span class="sr-only">Actions</span></th></tr></thead><tbody>${repeat(
          list,
          (c) => c.label,
          (c) => stageRow(d, c),
        )}</tbody></table>`;
  return html`<div class="card" id="forecast-categories"><h2 id="forecast-categories-title" tabindex="-1">Forecast categories</h2><p class="muted">An open deal without a forecast category of its own counts in its stage's: commit and best case in the Outlook's figures of those names, pipeline in the pipeline only; omitted deals are left out.</p>${table}</div>`;
}

function focusRow(s: AppState, d: Dispatch, r: FocusRow, count: number): TemplateResult {
  const at = r.at;
  const drag = s.focusDrag;
  const cls = [
    "focus-row",
    at !== null ? "in" : "",
    drag?.kpi === r.id ? "dragging" : "",
    drag !== null && drag.kpi !== r.id && drag.over === r.id && at !== null ? "over" : "",
  ]
    .filter(Boolean)
    .join(" ");
  // Alt+↑ / Alt+↓ on a focus KPI's row (its box or buttons) moves it.
  const key = (e: KeyboardEvent) => {
    if (at === null || !e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    d({ type: "focusMove", kpi: r.id, by: e.key === "ArrowUp" ? -1 : 1, from: (e.target as HTMLElement).id });
  };
  // Only a focus KPI's row is dragged, and dropped on.
  const start = (e: DragEvent) => {
    if (at === null) return;
    e.dataTransfer?.setData("text/plain", r.id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
    d({ type: "focusDrag", kpi: r.id });
  };
  const over = (e: DragEvent) => {
    if (at === null || drag === null) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
  };
  const enter = (e: DragEvent) => {
    if (at === null || drag === null) return;
    e.preventDefault();
    d({ type: "focusOver", kpi: r.id });
  };
  const dropped = (e: DragEvent) => {
    if (at === null) return;
    e.preventDefault();
    d({ type: "focusDrop", onto: r.id });
  };
  const ended = () => d({ type: "focusDrag", kpi: null });
  const ticked = (e: Event) => d({ type: "focusTick", kpi: r.id, on: (e.currentTarget as HTMLInputElement).checked });
  const moves =
    at === null
      ? nothing
      : html`<span class="row-actions">${btn(
          "↑",
          () => d({ type: "focusMove", kpi: r.id, by: -1, from: `focus-up-${r.id}` }),
          {
            subtle: true,
            id: `focus-up-${r.id}`,
            label: `Move ${r.name} up`,
            title: "Move up (Alt+↑)",
            disabled: at === 0,
          },
        )}${btn("↓", () => d({ type: "focusMove", kpi: r.id, by: 1, from: `focus-down-${r.id}` }), {
          subtle: true,
          id: `focus-down-${r.id}`,
          label: `Move ${r.name} down`,
          title: "Move down (Alt+↓)",
          disabled: at === count - 1,
        })}</span>`;
  return html`<li class=${cls} id=${`focus-row-${r.id}`} data-kpi=${r.id} draggable=${at === null ? "false" : "true"} @dragstart=${start} @dragover=${over} @dragenter=${enter} @drop=${dropped} @dragend=${ended} @keydown=${key}><span class="focus-at" aria-hidden="true">${at === null ? "" : `${at + 1}`}</span><label class="check"><input type="checkbox" id=${`focus-kpi-${r.id}`} data-kpi=${r.id} .checked=${live(at !== null)} aria-keyshortcuts=${at === null ? nothing : "Alt+ArrowUp Alt+ArrowDown"} @change=${ticked}>${r.name}</label>${moves}</li>`;
}

/** "KPIs the team reviews": every KPI with a box, the focus ones first in their order, each moved by drag, keys or buttons. */
function focusSet(s: AppState, d: Dispatch): TemplateResult {
  const { ids, set } = focusOf(s);
  const rows = focusRows(s.catalog, ids);
  const view = `${s.home?.scorecard.period.label ?? s.saved.period ?? "the latest quarter"} · ${st.filterText(s.saved.filter)}`;
  const said = set
    ? `The scorecard shows these ${ids.length} first, in this order; Export all and Export deck… use them.`
    : `The default: every KPI with a goal in the view (${view}), or with a value when none has a goal; ${ids.length} now. Tick, untick or reorder to choose your own.`;
  const reset = set
    ? btn("Use every KPI with a goal", () => d({ type: "focusReset" }), {
        id: "focus-reset",
        title: "Back to the default: every KPI with a goal in the view",
      })
    : nothing;
  const list = repeat(
    rows,
    (r) => r.id,
    (r) => focusRow(s, d, r, ids.length),
  );
  return html`<div class="card" id="focus-set"><div class="card-head"><h2 id="focus-set-title" tabindex="-1">KPIs the team reviews</h2><div class="card-actions">${reset}</div></div><p class="muted" id="focus-set-note">${said}</p><p class="muted" id="focus-set-help">Drag a ticked row, or press Alt+↑ or Alt+↓ on it, to change the order.</p><ul class="focus-list" id="focus-list" aria-label="KPIs the team reviews, in order">${list}</ul></div>`;
}

export function goalsView(s: AppState, d: Dispatch): TemplateResult {
  // The settings sit below the table; a long table must not stand between them and the keyboard.
  const toSettings = btn("Status and fiscal year ↓", () => document.getElementById("goal-settings-title")?.focus(), {
    subtle: true,
    id: "goto-goal-settings",
    title: "The thresholds of the status colours, and the month the fiscal year starts",
  });
  const toFocus = btn("KPIs the team reviews ↓", () => document.getElementById("focus-set-title")?.focus(), {
    subtle: true,
    id: "goto-focus-set",
    title: "The KPIs the scorecard shows first and the deck is made of",
  });
  const importTargets = btn("Import targets sheet…", () => d({ type: "open", kind: "targets" }), {
    id: "import-targets",
    title: "A sheet with KPI, period, target (and segment) columns",
  });
  const table =
    s.goals.length === 0
      ? html`<p class="muted">No goals yet. Without a goal a KPI shows its value but no status colour.</p>`
      : html`<table id="goals-table"><thead><tr><th>KPI</th><th>Period</th><th>Segment</th><th class="num">Target</th><th>Source</th><th><span class="sr-only">Actions</span></th></tr></thead><tbody>${repeat(
          s.goals,
          (g) => g.id,
          (g) => row(s, d, g),
        )}</tbody></table>`;
  const fiscal = selectField(
    "fiscal-start",
    "Fiscal year starts in",
    MONTHS,
    String(s.settings?.fiscal_start_month ?? 1),
    (v) => d({ type: "setting", key: "fiscal_start_month", value: v }),
  );
  return html`<section class="goals" id="goals"><div class="card"><div class="card-head"><h2 id="goals-title" tabindex="-1">Goals (${s.goals.length})</h2><div class="card-actions">${toFocus}${toSettings}${importTargets}</div></div>${newGoal(s, d)}<p class="muted">New goals apply to: ${st.filterText(s.saved.filter)} (the scorecard's filter).</p>${table}</div>${focusSet(s, d)}<div class="card"><h2 id="goal-settings-title" tabindex="-1">Status and fiscal year</h2><p class="muted">A KPI is green at or above the green share of its goal, amber from the amber share, red below.</p>${thresholds(s, d)}${fiscal}</div>${categories(s, d)}</section>`;
}
