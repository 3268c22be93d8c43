// The focus set in the window's terms (src/focus.ts): which set is shown, the
// Goals view's rows, ticks, moves and drops, and the scorecard's split.

import { describe, expect, test } from "vitest";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Scorecard } from "./bindings/Scorecard";
import { dropped, focusRows, folded, moved, shownFocus, splitKpis, ticked } from "./focus";
import { kpi } from "./testing/fake";
import { settingsOf } from "./testing/outlook";

const info = (id: string, name: string) => ({ id, name }) as KpiInfo;
const catalog = [
  info("new_leads", "New leads"),
  info("win_rate", "Win rate"),
  info("deals_won", "Deals won"),
  info("total_revenue", "Total sales revenue"),
];

function card(focus: string[], focusSet = false): Scorecard {
  return {
    kpis: [
      kpi("new_leads", "New leads", "lead_generation", null),
      kpi("win_rate", "Win rate", "conversion", 80),
      kpi("total_revenue", "Total sales revenue", "revenue", 95),
    ],
    focus,
    focus_set: focusSet,
  } as Scorecard;
}

describe("the focus set shown", () => {
  test("is the set being saved, else the setting, else the scorecard's default", () => {
    const settings = settingsOf({ focus: ["win_rate"] });
    const def = card(["total_revenue", "win_rate"]);
    expect(shownFocus(["deals_won"], settings, def)).toEqual({ ids: ["deals_won"], set: true });
    expect(shownFocus(null, settings, def)).toEqual({ ids: ["win_rate"], set: true });
    expect(shownFocus(null, settingsOf(), def)).toEqual({ ids: ["total_revenue", "win_rate"], set: false });
    expect(shownFocus(null, null, null)).toEqual({ ids: [], set: false });
  });
});

describe("the Goals view's rows", () => {
  test("are the focus KPIs in their order, then the others in the catalog's", () => {
    expect(focusRows(catalog, ["total_revenue", "new_leads"])).toEqual([
      { id: "total_revenue", name: "Total sales revenue", at: 0 },
      { id: "new_leads", name: "New leads", at: 1 },
      { id: "win_rate", name: "Win rate", at: null },
      { id: "deals_won", name: "Deals won", at: null },
    ]);
  });

  test("name a focus KPI the catalog does not know by its id", () => {
    expect(focusRows([], ["win_rate"])).toEqual([{ id: "win_rate", name: "win_rate", at: 0 }]);
  });
});

describe("changes to the set", () => {
  const ids = ["total_revenue", "win_rate", "new_leads"];

  test("a tick adds the KPI last; an untick takes it out", () => {
    expect(ticked(ids, "deals_won", true)).toEqual(["total_revenue", "win_rate", "new_leads", "deals_won"]);
    expect(ticked(ids, "win_rate", false)).toEqual(["total_revenue", "new_leads"]);
    expect(ticked(["win_rate"], "win_rate", false)).toEqual([]);
  });

  test("a move goes up or down, never out of the set", () => {
    expect(moved(ids, "win_rate", -1)).toEqual(["win_rate", "total_revenue", "new_leads"]);
    expect(moved(ids, "win_rate", 1)).toEqual(["total_revenue", "new_leads", "win_rate"]);
    expect(moved(ids, "total_revenue", -1)).toEqual(ids);
    expect(moved(ids, "new_leads", 1)).toEqual(ids);
    expect(moved(ids, "deals_won", -1)).toEqual(ids);
  });

  test("a KPI dropped on another takes its place", () => {
    expect(dropped(ids, "new_leads", "total_revenue")).toEqual(["new_leads", "total_revenue", "win_rate"]);
    expect(dropped(ids, "total_revenue", "new_leads")).toEqual(["win_rate", "new_leads", "total_revenue"]);
    expect(dropped(ids, "win_rate", "win_rate")).toEqual(ids);
    expect(dropped(ids, "deals_won", "win_rate")).toEqual(ids);
    expect(dropped(ids, "win_rate", "deals_won")).toEqual(ids);
  });
});

describe("the scorecard's split", () => {
  test("puts the focus KPIs first, in their order, the others after in the scorecard's", () => {
    expect(splitKpis(card(["total_revenue", "new_leads"]))).toEqual({ focus: [2, 0], rest: [1] });
    expect(splitKpis(card([]))).toEqual({ focus: [], rest: [0, 1, 2] });
    // A focus KPI the scorecard does not have is left out.
    expect(splitKpis(card(["deals_won", "win_rate"]))).toEqual({ focus: [1], rest: [0, 2] });
  });

  test("folds a tile under All KPIs only when there are focus tiles and it is not one", () => {
    expect(folded(card(["total_revenue"]), "win_rate")).toBe(true);
    expect(folded(card(["total_revenue"]), "total_revenue")).toBe(false);
    expect(folded(card([]), "win_rate")).toBe(false);
  });
});
