// The detail's trend months: hovered or focused, a month's tooltip shows;
// the keyboard moves between months (one tab stop for the trend, the focus
// on the month it moved to); a month clicked, or Enter on it, opens Add note
// on its days.

import { monthId, trendChart } from "../trend";
import type { Ctx } from "./context";
import * as notes from "./notes";

/** The mouse enters (`on`) or leaves the month of `days`. */
export function hover(ctx: Ctx, days: string, on: boolean): void {
  const t = ctx.state.trend;
  if (on) {
    t.hovered = days;
    t.shown = days;
  } else {
    if (t.hovered === days) t.hovered = null;
    // Left: the focused month's tooltip again, if the keyboard is on one.
    if (t.shown === days) t.shown = t.focused ? t.active : null;
  }
  ctx.render();
}

/** The month of `days` gains (`on`) or loses the keyboard focus. */
export function focus(ctx: Ctx, days: string, on: boolean): void {
  const t = ctx.state.trend;
  if (on) Object.assign(t, { active: days, shown: days, focused: true });
  else {
    t.focused = false;
    // Still under the mouse: its tooltip stays.
    if (t.shown === days) t.shown = t.hovered;
  }
  ctx.render();
}

/** The keyboard moves to month `i` of the trend: it becomes the tab stop, shows its tooltip and takes the focus. */
export function move(ctx: Ctx, i: number): void {
  const s = ctx.state;
  const r = trendChart(s.detail)?.regions[i];
  if (r === undefined) return;
  Object.assign(s.trend, { active: r.days, shown: r.days });
  s.focusNext = monthId(i);
  ctx.render();
}

/** Add note on month `i` of the trend; cancelled, the focus goes back to the month. */
export function note(ctx: Ctx, i: number): void {
  const s = ctx.state;
  const r = trendChart(s.detail)?.regions[i];
  if (r === undefined) return;
  s.trend.active = r.days;
  notes.open(ctx, null, r.days, monthId(i));
}
