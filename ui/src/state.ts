// What the window remembers between runs (the view, the period, the filters)
// and the pure rules for changing them; the periods themselves (stepping,
// switching kinds) are the core's. Tested in state.test.ts.

import type { FilterPair } from "./bindings/FilterPair";
import type { PeriodInfo } from "./bindings/PeriodInfo";
import type { ViewQuery } from "./bindings/ViewQuery";

export type Route =
  { view: "scorecard" } | { view: "kpi"; kpi: string } | { view: "outlook" } | { view: "goals" } | { view: "data" };

export interface Saved {
  route: Route;
  /** Null: the latest complete quarter of the data. */
  period: string | null;
  filter: FilterPair[];
}

export const STORAGE_KEY = "salescope.view.v1";

export const DEFAULTS: Saved = { route: { view: "scorecard" }, period: null, filter: [] };

function isRoute(r: unknown): r is Route {
  if (typeof r !== "object" || r === null || !("view" in r)) return false;
  const v = (r as { view: unknown }).view;
  if (v === "kpi") return typeof (r as { kpi?: unknown }).kpi === "string";
  return v === "scorecard" || v === "outlook" || v === "goals" || v === "data";
}

function isPair(p: unknown): p is FilterPair {
  return (
    typeof p === "object" &&
    p !== null &&
    typeof (p as FilterPair).dimension === "string" &&
    typeof (p as FilterPair).value === "string"
  );
}

/** The remembered state, or the defaults for anything missing or damaged. */
export function load(storage: Pick<Storage, "getItem">): Saved {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    return DEFAULTS;
  }
  if (typeof raw !== "object" || raw === null) return DEFAULTS;
  const o = raw as Record<string, unknown>;
  return {
    route: isRoute(o.route) ? o.route : DEFAULTS.route,
    period: typeof o.period === "string" && o.period.trim() !== "" ? o.period : null,
    filter: Array.isArray(o.filter) ? o.filter.filter(isPair) : [],
  };
}

export function save(storage: Pick<Storage, "setItem">, s: Saved): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // A full or disabled storage only loses the memory of the view.
  }
}

export function query(s: Saved): ViewQuery {
  return { period: s.period, filter: s.filter, today: null };
}

/** Adds the value to the filter, or takes it out when it is there. Sorted. */
export function toggleFilter(filter: FilterPair[], dimension: string, value: string): FilterPair[] {
  const has = filter.some((p) => p.dimension === dimension && p.value === value);
  const next = has
    ? filter.filter((p) => !(p.dimension === dimension && p.value === value))
    : [...filter, { dimension, value }];
  return next.sort((a, b) => a.dimension.localeCompare(b.dimension) || a.value.localeCompare(b.value));
}

export function clearDimension(filter: FilterPair[], dimension: string): FilterPair[] {
  return filter.filter((p) => p.dimension !== dimension);
}

/** "region: East, West · team: Enterprise", or "All records". */
export function filterText(filter: FilterPair[]): string {
  if (filter.length === 0) return "All records";
  const by = new Map<string, string[]>();
  for (const p of filter) by.set(p.dimension, [...(by.get(p.dimension) ?? []), p.value === "" ? "(blank)" : p.value]);
  return [...by.entries()].map(([d, vs]) => `${d.replace(/_/g, " ")}: ${vs.join(", ")}`).join(" · ");
}

function ymd(s: string): [number, number, number] {
  const [y, m, d] = s.split("-").map(Number);
  return [y ?? 0, m ?? 1, d ?? 1];
}

/** A custom range from two dates, or an error in plain words. */
export function customRange(from: string, to: string): { period: string } | { error: string } {
  const ok = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  if (!ok(from) || !ok(to)) return { error: "Choose both dates of the range." };
  if (from > to) return { error: "The range ends before it starts." };
  return { period: `${from}..${to}` };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `30 Jun 2025`, or `30 Jun` without the year. */
export function dayText(s: string, withYear = true): string {
  const [y, m, d] = ymd(s);
  const month = MONTHS[m - 1] ?? "";
  return withYear ? `${d} ${month} ${y}` : `${d} ${month}`;
}

/** `1 Apr – 30 Jun 2025`, the year once when both days share it. */
export function daySpan(start: string, end: string): string {
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${dayText(start, !sameYear)} – ${dayText(end)}`;
}

/** `1 Apr – 30 Jun 2025` (the charts' words for a period). */
export function periodText(p: PeriodInfo): string {
  const toDate = p.to_date !== null ? `, to ${dayText(p.to_date, false)}` : "";
  return `${daySpan(p.start, p.end)}${toDate}`;
}
