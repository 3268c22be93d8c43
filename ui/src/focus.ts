// The focus set: the KPIs the team reviews, in their order (the `focus`
// setting, else every KPI with a goal in the view, or with a value when none
// has a goal: the core's default, which the scorecard carries). Which set is shown, the
// Goals view's rows (the focus ones first, in order, then the rest), and the
// set after a tick, a move or a drop; the scorecard's split into focus tiles
// and the rest. Pure functions, tested in focus.test.ts.

import type { KpiInfo } from "./bindings/KpiInfo";
import type { Scorecard } from "./bindings/Scorecard";
import type { Settings } from "./bindings/Settings";

/** Why an empty focus set is not saved. */
export const EMPTY_FOCUS = "Tick at least one KPI, or use every KPI with a goal.";

/** The focus set on screen: as being saved, else the setting (`set`), else the scorecard's default. */
export function shownFocus(
  draft: string[] | null,
  settings: Settings | null,
  card: Scorecard | null,
): { ids: string[]; set: boolean } {
  if (draft !== null) return { ids: draft, set: true };
  const setting = settings?.focus ?? null;
  if (setting !== null) return { ids: setting, set: true };
  return { ids: card?.focus ?? [], set: false };
}

export interface FocusRow {
  id: string;
  name: string;
  /** Its place in the focus set (0: first), or null when not in it. */
  at: number | null;
}

/** The Goals view's rows: the focus KPIs first, in their order, then every other KPI of the catalog in its order. */
export function focusRows(catalog: KpiInfo[], ids: string[]): FocusRow[] {
  const name = (id: string) => catalog.find((k) => k.id === id)?.name ?? id;
  const first = ids.map((id, at) => ({ id, name: name(id), at }));
  const rest = catalog.filter((k) => !ids.includes(k.id)).map((k) => ({ id: k.id, name: k.name, at: null }));
  return [...first, ...rest];
}

/** The set with `kpi` ticked (added last) or unticked. */
export function ticked(ids: string[], kpi: string, on: boolean): string[] {
  const without = ids.filter((x) => x !== kpi);
  return on ? [...without, kpi] : without;
}

/** The set with `kpi` moved `by` places (negative: up), kept inside the set; unchanged when it is not in it. */
export function moved(ids: string[], kpi: string, by: number): string[] {
  const from = ids.indexOf(kpi);
  if (from < 0) return ids;
  const to = Math.max(0, Math.min(ids.length - 1, from + by));
  return placed(ids, kpi, to);
}

/** The set with `kpi` dropped on `onto`: it takes `onto`'s place; unchanged unless both are in the set. */
export function dropped(ids: string[], kpi: string, onto: string): string[] {
  const to = ids.indexOf(onto);
  if (to < 0 || !ids.includes(kpi)) return ids;
  return placed(ids, kpi, to);
}

function placed(ids: string[], kpi: string, to: number): string[] {
  const rest = ids.filter((x) => x !== kpi);
  return [...rest.slice(0, to), kpi, ...rest.slice(to)];
}

/** The scorecard's KPIs (their indices) split: the focus ones in focus order, then the others in the scorecard's order. */
export function splitKpis(card: Scorecard): { focus: number[]; rest: number[] } {
  const focus = card.focus.map((id) => card.kpis.findIndex((k) => k.id === id)).filter((i) => i >= 0);
  const rest = card.kpis.map((_, i) => i).filter((i) => !focus.includes(i));
  return { focus, rest };
}

/** Whether `kpi`'s tile is folded under "All KPIs" (there are focus tiles, and it is not one). */
export function folded(card: Scorecard, kpi: string): boolean {
  const { focus, rest } = splitKpis(card);
  return focus.length > 0 && rest.some((i) => card.kpis[i]?.id === kpi);
}
