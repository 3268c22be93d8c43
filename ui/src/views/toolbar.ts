// The toolbar above the scorecard, a KPI's detail and the Outlook: the period's kind and
// stepper, a filter list per dimension (left open while values are ticked),
// Export all and Export deck…. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import { repeat } from "lit-html/directives/repeat.js";
import type { Dimension } from "../bindings/Dimension";
import type { PeriodKind } from "../bindings/PeriodKind";
import { filterDims, shownPeriod, viewCharts, type AppState, type Dispatch } from "../appstate";
import * as st from "../state";
import { btn, selectField } from "./parts";

const KINDS: [string, string][] = [
  ["month", "Month"],
  ["quarter", "Quarter"],
  ["year", "Year"],
  ["range", "Custom…"],
];

function filterList(s: AppState, d: Dispatch, dim: Dimension): TemplateResult {
  const name = dim.name;
  const chosen = s.saved.filter.filter((f) => f.dimension === name).map((f) => f.value);
  const summary = `${name.replace(/_/g, " ")}${chosen.length > 0 ? `: ${chosen.length === 1 ? chosen[0] || "(blank)" : `${chosen.length} selected`}` : ""}`;
  const toggled = (e: Event) =>
    d({ type: "filterOpen", dimension: name, open: (e.currentTarget as HTMLDetailsElement).open });
  const key = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    const det = e.currentTarget as HTMLDetailsElement;
    det.open = false;
    det.querySelector("summary")?.focus();
    d({ type: "filterOpen", dimension: name, open: false });
  };
  const left = (e: FocusEvent) => {
    const det = e.currentTarget as HTMLDetailsElement;
    if (e.relatedTarget instanceof Node && !det.contains(e.relatedTarget)) {
      det.open = false;
      d({ type: "filterOpen", dimension: name, open: false });
    }
  };
  const values = repeat(
    dim.values,
    (v) => v,
    (v) =>
      html`<label class="check"><input type="checkbox" id=${`f-${name}-${v}`.replace(/[^A-Za-z0-9_-]/g, "_")} .checked=${live(chosen.includes(v))} @change=${() => d({ type: "toggleFilter", dimension: name, value: v })}>${v === "" ? "(blank)" : v}</label>`,
  );
  const clear =
    chosen.length > 0 ? btn("Clear", () => d({ type: "clearFilter", dimension: name }), { subtle: true }) : nothing;
  return html`<details class="filter" id=${`filter-${name}`} ?open=${s.openFilter === name} @toggle=${toggled} @keydown=${key} @focusout=${left}><summary id=${`filter-${name}-button`} class=${chosen.length > 0 ? "on" : nothing}>${summary}</summary><div class="filter-list">${values}${clear}</div></details>`;
}

export function toolbar(s: AppState, d: Dispatch): TemplateResult {
  const p = shownPeriod(s);
  const kind = p?.kind ?? "quarter";
  const periodLabel = p === null ? (s.saved.period ?? "Latest quarter") : p.label;
  const kindSelect = selectField("period-kind", "Period", KINDS, kind === "week" ? "range" : kind, (v) =>
    d({ type: "kind", kind: v as PeriodKind }),
  );
  const prev = btn("‹", () => d({ type: "step", by: -1 }), {
    id: "period-prev",
    label: "Previous period",
    title: "Previous period (Alt+←)",
  });
  const next = btn("›", () => d({ type: "step", by: 1 }), {
    id: "period-next",
    label: "Next period",
    title: "Next period (Alt+→)",
  });
  const label = html`<span class="period-label" id="period-label" title=${p === null ? "" : st.periodText(p)}>${periodLabel}${p?.to_date ? html`<small> to date</small>` : nothing}</span>`;
  const lists = repeat(
    filterDims(s),
    (x) => x.name,
    (x) => filterList(s, d, x),
  );
  const clearAll =
    s.saved.filter.length > 0
      ? btn("Clear filters", () => d({ type: "clearFilter", dimension: null }), { subtle: true, id: "clear-filters" })
      : nothing;
  const specs = viewCharts(s);
  // One export at a time: neither while a deck is written.
  const exportAll = btn("Export all…", () => d({ type: "export", specs, title: "Export all charts of this view" }), {
    id: "export-all",
    disabled: specs.length === 0 || s.deck !== null,
    title:
      "Export this view's charts as PNG files into a folder; on the scorecard, the focus KPIs' tiles (Ctrl+Shift+E)",
  });
  const exportDeck = btn("Export deck…", () => d({ type: "exportDeck" }), {
    id: "export-deck",
    disabled: s.deck !== null,
    title: "The meeting deck of this period and filter as PowerPoint or PDF: a slide per focus KPI (Ctrl+Shift+D)",
  });
  return html`<section class="toolbar" aria-label="Period and filters">${kindSelect}<div class="stepper" role="group" aria-label="Period">${prev}${label}${next}</div><div class="filters" role="group" aria-label="Filters">${lists}${clearAll}</div><div class="spacer"></div><div class="exports" role="group" aria-label="Export">${exportAll}${exportDeck}</div></section>`;
}
