// Actions on what the view shows: which view, its period (stepped and
// switched between kinds by the core) and its filters.

import type { PeriodKind } from "../bindings/PeriodKind";
import { filterDims, shownPeriod } from "../appstate";
import { askRange } from "../dialogs";
import { folded } from "../focus";
import * as st from "../state";
import { NO_TREND } from "../trend";
import { toCoreError, type Ctx } from "./context";

/** Opens a view; `focus` (an element id) is where the focus goes once it is drawn. */
export function go(ctx: Ctx, route: st.Route, focus: string | null = null): void {
  const s = ctx.state;
  if (focus !== null) s.focusNext = focus;
  // Back to a tile folded under "All KPIs": the fold opens, the focus can go to it.
  const tile = focus?.startsWith("tile-") === true ? focus.slice(5) : null;
  if (route.view === "scorecard" && tile !== null && s.home !== null && folded(s.home.scorecard, tile)) {
    s.allKpisOpen = true;
  }
  s.saved = { ...s.saved, route };
  ctx.persist();
  s.detail = null;
  s.outlook = null;
  // The trend's months are gone with the detail (no mouse leaves them, no focus either).
  s.trend = { ...NO_TREND };
  s.loading = true;
  ctx.render();
  void ctx.refresh();
}

async function setPeriod(ctx: Ctx, period: string | null): Promise<void> {
  ctx.state.saved = { ...ctx.state.saved, period };
  ctx.persist();
  await ctx.refresh();
}

/** The period `steps` before (negative) or after the one shown, as the core counts. */
export async function step(ctx: Ctx, steps: number): Promise<void> {
  try {
    await setPeriod(ctx, await ctx.api.stepPeriod(ctx.state.saved.period, steps));
  } catch (e) {
    ctx.state.viewError = toCoreError(e);
    ctx.render();
  }
}

/** The period of another kind that holds the shown one's last day, as the core names it. */
export async function setKind(ctx: Ctx, kind: PeriodKind): Promise<void> {
  if (kind === "range") {
    await customRange(ctx);
    return;
  }
  try {
    await setPeriod(ctx, await ctx.api.periodOfKind(ctx.state.saved.period, kind));
  } catch (e) {
    ctx.state.viewError = toCoreError(e);
    ctx.render();
  }
}

async function customRange(ctx: Ctx): Promise<void> {
  const p = shownPeriod(ctx.state);
  const asked = await askRange(p?.start ?? "", p?.end ?? "");
  if (asked === null) {
    // The period list shows the kind of the period still shown.
    ctx.render();
    return;
  }
  const r = st.customRange(asked.from, asked.to);
  if ("error" in r) ctx.say(r.error, "warn");
  else await setPeriod(ctx, r.period);
}

export async function toggle(ctx: Ctx, dimension: string, value: string): Promise<void> {
  const s = ctx.state;
  s.saved = { ...s.saved, filter: st.toggleFilter(s.saved.filter, dimension, value) };
  ctx.persist();
  await ctx.refresh();
}

/** The view narrowed to one value of a dimension (a segment chosen in the detail); `focus`: where the focus goes. */
export async function only(ctx: Ctx, dimension: string, value: string, focus: string | null = null): Promise<void> {
  const s = ctx.state;
  s.saved = { ...s.saved, filter: st.toggleFilter(st.clearDimension(s.saved.filter, dimension), dimension, value) };
  if (focus !== null) s.focusNext = focus;
  ctx.persist();
  await ctx.refresh();
}

export async function clearFilter(ctx: Ctx, dimension: string | null): Promise<void> {
  const s = ctx.state;
  s.saved = { ...s.saved, filter: dimension === null ? [] : st.clearDimension(s.saved.filter, dimension) };
  // The Clear button goes with the filter: the focus goes to the list's button.
  const first = filterDims(s)[0];
  s.focusNext =
    dimension !== null ? `filter-${dimension}-button` : first !== undefined ? `filter-${first.name}-button` : null;
  if (dimension === null) s.openFilter = null;
  ctx.persist();
  await ctx.refresh();
}

/** A filter list opened or closed: one is open at a time, and it stays open across repaints. */
export function filterOpen(ctx: Ctx, dimension: string, open: boolean): void {
  const s = ctx.state;
  if (open) s.openFilter = dimension;
  else if (s.openFilter === dimension) s.openFilter = null;
  else return;
  ctx.render();
}
