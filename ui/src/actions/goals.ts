// Goal and settings actions: set, replace, edit and remove goals (the core
// reads the target the user typed), and save the scorecard's settings.

import type { Goal } from "../bindings/Goal";
import { currency, kpiName, unitOf } from "../appstate";
import { askTarget } from "../dialogs";
import { confirmDialog } from "../dom";
import * as st from "../state";
import { errorView, formatKpi, formatTarget } from "../view";
import type { Ctx } from "./context";

/** Sets a goal (`goal`: the one edited, if any); true when saved. */
export async function saveGoal(
  ctx: Ctx,
  kpi: string,
  period: string,
  target: string,
  goal: Goal | null,
): Promise<boolean> {
  const s = ctx.state;
  const filter = goal?.filter ?? s.saved.filter;
  // Adding a goal where one is set already replaces it: asked first.
  const same =
    goal === null && s.saved.route.view === "goals"
      ? s.goals.find(
          (x) => x.kpi === kpi && x.period === period.trim() && JSON.stringify(x.filter) === JSON.stringify(filter),
        )
      : undefined;
  if (same !== undefined) {
    const ok = await confirmDialog(
      `Replace the goal for ${kpiName(s, kpi)}, ${same.period}?`,
      `It is ${formatKpi(same.target, unitOf(s, kpi), currency(s))} for ${st.filterText(same.filter)}; the new goal is ${target.trim()}.`,
      "Replace goal",
    );
    if (!ok) return false;
  }
  try {
    const g = await ctx.api.setGoal(kpi, period, filter, target);
    ctx.say(
      `Goal saved: ${kpiName(s, g.kpi)}, ${g.period}, ${formatKpi(g.target, unitOf(s, g.kpi), currency(s))}.`,
      "ok",
    );
    s.saves++;
    await ctx.refresh();
    return true;
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
    return false;
  }
}

export async function editGoal(ctx: Ctx, g: Goal): Promise<void> {
  const s = ctx.state;
  const target = await askTarget(
    `${kpiName(s, g.kpi)}, ${g.period}`,
    st.filterText(g.filter),
    formatTarget(g.target, unitOf(s, g.kpi)),
  );
  if (target === null) return;
  await saveGoal(ctx, g.kpi, g.period, target, g);
}

export async function removeGoal(ctx: Ctx, g: Goal): Promise<void> {
  const s = ctx.state;
  const ok = await confirmDialog(
    `Remove the goal for ${kpiName(s, g.kpi)}, ${g.period}?`,
    `${formatKpi(g.target, unitOf(s, g.kpi), currency(s))} for ${st.filterText(g.filter)}. KPIs with no goal show no status colour.`,
    "Remove goal",
  );
  if (!ok) return;
  try {
    await ctx.api.removeGoal(g.id);
    s.focusNext = s.saved.route.view === "goals" ? "goals-title" : "goal-target";
    ctx.say("Goal removed.", "ok");
  } catch (e) {
    ctx.say(errorView(e).title, "warn");
  }
  await ctx.refresh();
}

export async function setting(ctx: Ctx, key: string, value: string): Promise<void> {
  try {
    ctx.state.settings = await ctx.api.setSetting(key, value);
    ctx.state.saves++;
    ctx.say("Setting saved.", "ok");
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
  await ctx.refresh();
}
