// The months of the detail's trend over its picture: a button per month
// where the picture draws it (percentages of the picture, so they scale with
// it), one tab stop for them all (the arrow keys, Home and End move between
// months), a tooltip with the month's value, goal and notes while it is
// hovered or focused, and Add note on the month when it is clicked or Enter
// is pressed on it. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import { styleMap } from "lit-html/directives/style-map.js";
import type { DrawnChart } from "../bindings/DrawnChart";
import type { AppState, Dispatch } from "../appstate";
import { activeMonth, monthBox, monthId, monthLabel, monthNotes, shownMonth, stepMonth, tipBox } from "../trend";

/** The overlay of the trend `c` (nothing when it has no months). */
export function trendMonths(s: AppState, d: Dispatch, c: DrawnChart, alt: string): TemplateResult | typeof nothing {
  const regions = c.regions;
  if (regions.length === 0) return nothing;
  const active = activeMonth(regions, s.trend);
  const shown = shownMonth(regions, s.trend);
  const months = regions.map((r, i) => {
    const key = (e: KeyboardEvent) => {
      // Alt+←/→ steps the period (src/keys.ts).
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        d({ type: "trendNote", month: i });
        return;
      }
      const to = stepMonth(i, e.key, regions.length);
      if (to === null) return;
      e.preventDefault();
      d({ type: "trendMove", month: to });
    };
    const cls = `chart-month${i === shown ? " shown" : ""}${monthNotes(r).length > 0 ? " has-notes" : ""}`;
    return html`<button type="button" class=${cls} id=${monthId(i)} tabindex=${i === active ? "0" : "-1"} style=${styleMap(monthBox(r))} aria-label=${monthLabel(r)} aria-describedby="trend-months-hint" data-label=${r.label} data-days=${r.days} @mouseenter=${() => d({ type: "trendHover", days: r.days, on: true })} @mouseleave=${() => d({ type: "trendHover", days: r.days, on: false })} @focus=${() => d({ type: "trendFocus", days: r.days, on: true })} @blur=${() => d({ type: "trendFocus", days: r.days, on: false })} @click=${() => d({ type: "trendNote", month: i })} @keydown=${key}></button>`;
  });
  const r = regions[shown];
  // The text is each month's label too: the tooltip is for the eye.
  const tip =
    r === undefined
      ? nothing
      : html`<div class="chart-month-tip" id="trend-tip" aria-hidden="true" data-days=${r.days} style=${styleMap(tipBox(r))}>${r.text}</div>`;
  return html`<div class="chart-months" role="group" aria-label=${`${alt}, by month`}>${months}</div>${tip}<span class="sr-only" id="trend-months-hint">Arrow keys: another month. Enter: add a note on this month.</span>`;
}
