// Focus set actions (the Goals view's "KPIs the team reviews"): tick, move
// (Move buttons, Alt+↑/↓, drag and drop) and reset to every KPI with a goal;
// and the scorecard's "All KPIs" fold. A change shows at once, is said in the
// message line (read out by screen readers), and is saved as the `focus`
// setting; changes made while one is saved are saved after it, the last last.

import { focusOf, kpiName } from "../appstate";
import { dropped, EMPTY_FOCUS, moved, ticked } from "../focus";
import { errorView } from "../view";
import type { Ctx } from "./context";

/** Shows `ids` as the focus set, says `said`, and saves it (an empty set is refused). */
async function change(ctx: Ctx, ids: string[], said: string): Promise<void> {
  const s = ctx.state;
  if (ids.length === 0) {
    // Said, the set is drawn again as it was: the box unticked is ticked again.
    ctx.say(EMPTY_FOCUS, "warn");
    return;
  }
  s.focusDraft = ids;
  ctx.say(said, "ok");
  // A save under way sends this set too, once it is done.
  if (s.focusSaving) return;
  s.focusSaving = true;
  let sent = "";
  try {
    while (s.focusDraft !== null && s.focusDraft.join(",") !== sent) {
      sent = s.focusDraft.join(",");
      s.settings = await ctx.api.setSetting("focus", sent);
    }
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  } finally {
    s.focusDraft = null;
    s.focusSaving = false;
  }
  await ctx.refresh();
}

export function tick(ctx: Ctx, kpi: string, on: boolean): void {
  const s = ctx.state;
  const ids = ticked(focusOf(s).ids, kpi, on);
  const name = kpiName(s, kpi);
  const said = on ? `${name} added to the focus set, ${ids.length} of ${ids.length}.` : `${name} left the focus set.`;
  void change(ctx, ids, said);
}

/** Moves a focus KPI `by` places, asked on the control `from` (its id): the focus stays there, with its row. */
export function move(ctx: Ctx, kpi: string, by: number, from: string): void {
  const s = ctx.state;
  const before = focusOf(s).ids;
  const ids = moved(before, kpi, by);
  if (ids.join(",") === before.join(",")) return;
  const at = ids.indexOf(kpi);
  const [up, down] = [`focus-up-${kpi}`, `focus-down-${kpi}`];
  // At the top Move up is disabled, at the bottom Move down: the focus goes to the other one.
  s.focusNext = from === up && at === 0 ? down : from === down && at === ids.length - 1 ? up : from;
  void change(ctx, ids, `${kpiName(s, kpi)} moved ${by < 0 ? "up" : "down"}, ${at + 1} of ${ids.length}.`);
}

/** A focus KPI's row picked up by the mouse (`kpi`), or let go (null). */
export function drag(ctx: Ctx, kpi: string | null): void {
  const s = ctx.state;
  if (kpi === null && s.focusDrag === null) return;
  s.focusDrag = kpi === null ? null : { kpi, over: null };
  ctx.render();
}

export function dragOver(ctx: Ctx, kpi: string): void {
  const d = ctx.state.focusDrag;
  if (d === null || d.over === kpi) return;
  ctx.state.focusDrag = { ...d, over: kpi };
  ctx.render();
}

/** The dragged KPI dropped on the row of `onto`: it takes that place. */
export function drop(ctx: Ctx, onto: string): void {
  const s = ctx.state;
  const d = s.focusDrag;
  s.focusDrag = null;
  const before = focusOf(s).ids;
  const ids = d === null ? before : dropped(before, d.kpi, onto);
  if (d === null || ids.join(",") === before.join(",")) {
    ctx.render();
    return;
  }
  void change(ctx, ids, `${kpiName(s, d.kpi)} moved to ${ids.indexOf(d.kpi) + 1} of ${ids.length}.`);
}

/** Back to the default: every KPI with a goal in the view. */
export async function reset(ctx: Ctx): Promise<void> {
  const s = ctx.state;
  try {
    s.settings = await ctx.api.setSetting("focus", "");
    ctx.say("The team reviews every KPI with a goal again.", "ok");
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
  // The button goes with the setting: the focus goes to the section's title.
  s.focusNext = "focus-set-title";
  await ctx.refresh();
}

/** The scorecard's "All KPIs" unfolded or folded (remembered while the app runs). */
export function allKpis(ctx: Ctx, open: boolean): void {
  if (ctx.state.allKpisOpen === open) return;
  ctx.state.allKpisOpen = open;
  ctx.render();
}
