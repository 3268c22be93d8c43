// The months of a KPI's trend the window lets you point at (the core's
// regions of the picture): where each is, what hovering it says, which one
// the keyboard starts on and moves to, and the state of the months (the one
// Tab lands on, the one whose tooltip shows). Pure functions, tested in
// trend.test.ts.

import type { ChartRegion } from "./bindings/ChartRegion";
import type { DrawnChart } from "./bindings/DrawnChart";
import type { Detail } from "./bindings/Detail";

/** The detail's trend months: each is named by its days (`2025-03-01..2025-03-31`), which outlive a repaint. */
export interface TrendMonths {
  /** The month Tab lands on (one tab stop for the trend); null, or not on the trend: the default one. */
  active: string | null;
  /** The month whose tooltip shows (the last hovered or focused), if any. */
  shown: string | null;
  /** The month under the mouse, if any. */
  hovered: string | null;
  /** Whether a month has the keyboard focus (then it is the active one). */
  focused: boolean;
}

export const NO_TREND: TrendMonths = { active: null, shown: null, hovered: null, focused: false };

/** The id of the trend's month `i` in the page. */
export const monthId = (i: number) => `trend-month-${i}`;

/** The detail's trend, if it has months to point at. */
export function trendChart(det: Detail | null): DrawnChart | null {
  return det?.charts.find((c) => c.spec.startsWith("trend:") && c.regions.length > 0) ?? null;
}

/** Whether the month has a value (the core's text says `Mar 2024: no value` otherwise). */
export function hasValue(r: ChartRegion): boolean {
  return !r.text.startsWith(`${r.label}: no value`);
}

/** The notes on the month, numbered as their markers: the lines after the first. */
export function monthNotes(r: ChartRegion): string[] {
  return r.text.split("\n").slice(1);
}

/** The month a screen reader names: its value and goal, then its notes. */
export function monthLabel(r: ChartRegion): string {
  const [first = r.label, ...notes] = r.text.split("\n");
  if (notes.length === 0) return first;
  return `${first}. ${notes.length === 1 ? "Note" : "Notes"}: ${notes.join("; ")}`;
}

/** The month the keyboard starts on: the last with a value, else the last (-1: none). */
export function defaultMonth(regions: ChartRegion[]): number {
  for (let i = regions.length - 1; i >= 0; i--) {
    const r = regions[i];
    if (r !== undefined && hasValue(r)) return i;
  }
  return regions.length - 1;
}

/** The month Tab lands on: the one last focused when the trend still has it, else the default. */
export function activeMonth(regions: ChartRegion[], t: TrendMonths): number {
  const i = t.active === null ? -1 : regions.findIndex((r) => r.days === t.active);
  return i >= 0 ? i : defaultMonth(regions);
}

/** The month whose tooltip shows (-1: none). */
export function shownMonth(regions: ChartRegion[], t: TrendMonths): number {
  return t.shown === null ? -1 : regions.findIndex((r) => r.days === t.shown);
}

/** Where a key moves from month `i` of `n`: Left, Right, Home, End; null for other keys. */
export function stepMonth(i: number, key: string, n: number): number | null {
  if (n <= 0) return null;
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, i - 1);
    case "ArrowRight":
      return Math.min(n - 1, i + 1);
    case "Home":
      return 0;
    case "End":
      return n - 1;
    default:
      return null;
  }
}

/** A fraction of the picture as a CSS percentage: 0.075 → `7.5%`. */
export function percent(v: number): string {
  return `${Number((v * 100).toFixed(3))}%`;
}

/** Where a month sits over the picture, scaling with it. */
export function monthBox(r: ChartRegion): { left: string; top: string; width: string; height: string } {
  return { left: percent(r.x), top: percent(r.y), width: percent(r.w), height: percent(r.h) };
}

/**
 * Where a month's tooltip goes: beside the month, towards the middle of the
 * picture (right of a month in the left half, left of one in the right half),
 * level with its top, so that it neither hides the month nor leaves the picture.
 */
export function tipBox(r: ChartRegion): { left?: string; right?: string; top: string } {
  const top = percent(r.y);
  return r.x + r.w / 2 <= 0.5 ? { left: percent(r.x + r.w), top } : { right: percent(1 - r.x), top };
}
