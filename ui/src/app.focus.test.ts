// @vitest-environment happy-dom
// The focus set over the fake backend (src/testing/fake.ts): the Goals view's
// "KPIs the team reviews" (ticks, Alt+↑/↓, Move buttons and drag and drop,
// each saved as the `focus` setting; reset; an empty set refused), and the
// scorecard showing the focus tiles first, the other KPIs folded.

import { beforeEach, describe, expect, test } from "vitest";
import type { KpiInfo } from "./bindings/KpiInfo";
import { STORAGE_KEY } from "./state";
import { click, detailOf, FakeBackend, flush, kpi, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;

const info = (id: string, name: string) =>
  ({ id, name, perspective: "revenue", unit: "count", better: "higher" }) as unknown as KpiInfo;

beforeEach(() => {
  api = new FakeBackend();
  api.kpiCatalog = () =>
    Promise.resolve([
      info("new_leads", "New leads"),
      info("win_rate", "Win rate"),
      info("total_revenue", "Total sales revenue"),
      info("deals_won", "Deals won"),
    ]);
  // With goals: total revenue and win rate (the default focus set, in the scorecard's order).
  api.moreKpis = [kpi("win_rate", "Win rate", "conversion", 80), kpi("deals_won", "Deals won", "revenue", null)];
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

const openGoals = () => {
  storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "goals" }, period: null, filter: [] }));
  return openApp(root, api, storage);
};
/** The Goals view's rows: each KPI and whether it is ticked, in order. */
const rows = () =>
  [...document.querySelectorAll<HTMLInputElement>("#focus-list input[type=checkbox]")].map(
    (b) => `${b.dataset.kpi}${b.checked ? " ✓" : ""}`,
  );
const box = (id: string) => document.querySelector<HTMLInputElement>(`#focus-kpi-${id}`)!;
const setBox = (id: string, on: boolean) => {
  box(id).checked = on;
  box(id).dispatchEvent(new Event("change"));
};
const saved = () => api.settingsSet.filter(([k]) => k === "focus").map(([, v]) => v);
const focused = () => document.activeElement?.id;
const specs = (css: string) => [...document.querySelectorAll<HTMLElement>(`${css} figure`)].map((f) => f.dataset.spec);

function press(el: Element, key: string, opts: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...opts });
  el.dispatchEvent(e);
  return e;
}

function drag(type: "dragstart" | "dragenter" | "dragover" | "drop" | "dragend", kpi: string): Event {
  const e = new Event(type, { bubbles: true, cancelable: true });
  document.querySelector(`#focus-row-${kpi}`)!.dispatchEvent(e);
  return e;
}

describe("the Goals view's KPIs the team reviews", () => {
  test("without a setting, every KPI with a goal is ticked, first, and said to be the default", async () => {
    await openGoals();
    expect(rows()).toEqual(["total_revenue ✓", "win_rate ✓", "new_leads", "deals_won"]);
    expect(text("#focus-set-note")).toBe(
      "The default: every KPI with a goal in the view (2025-Q2 · All records), or with a value when none has a goal; 2 now. Tick, untick or reorder to choose your own.",
    );
    expect(document.querySelector("#focus-reset")).toBeNull();
    expect(text("#focus-row-total_revenue .focus-at")).toBe("1");
    // Only the focus KPIs are moved: the others have no Move buttons.
    expect(document.querySelector("#focus-up-new_leads")).toBeNull();
    expect(document.querySelector<HTMLButtonElement>("#focus-up-total_revenue")!.disabled).toBe(true);
    expect(document.querySelector<HTMLButtonElement>("#focus-down-win_rate")!.disabled).toBe(true);
  });

  test("ticking adds a KPI last and unticking takes it out, each saved as the whole set in order", async () => {
    await openGoals();
    setBox("deals_won", true);
    await flush();
    expect(saved()).toEqual(["total_revenue,win_rate,deals_won"]);
    expect(rows()).toEqual(["total_revenue ✓", "win_rate ✓", "deals_won ✓", "new_leads"]);
    expect(text("#status-text")).toBe("Deals won added to the focus set, 3 of 3.");
    expect(text("#focus-set-note")).toBe(
      "The scorecard shows these 3 first, in this order; Export all and Export deck… use them.",
    );
    setBox("total_revenue", false);
    await flush();
    expect(saved()).toEqual(["total_revenue,win_rate,deals_won", "win_rate,deals_won"]);
    expect(rows()).toEqual(["win_rate ✓", "deals_won ✓", "new_leads", "total_revenue"]);
    expect(text("#status-text")).toBe("Total sales revenue left the focus set.");
  });

  test("an empty set is refused: nothing is saved, the box is ticked again", async () => {
    api.focus = ["win_rate"];
    await openGoals();
    setBox("win_rate", false);
    await flush();
    expect(saved()).toEqual([]);
    expect(text("#status-text")).toBe("Tick at least one KPI, or use every KPI with a goal.");
    expect(document.querySelector("#status")!.getAttribute("role")).toBe("alert");
    expect(box("win_rate").checked).toBe(true);
    expect(rows()).toEqual(["win_rate ✓", "new_leads", "total_revenue", "deals_won"]);
  });

  test("Alt+↑ and Alt+↓ on a row move its KPI, save the set and say so; the focus stays on it", async () => {
    api.focus = ["total_revenue", "win_rate", "new_leads"];
    await openGoals();
    box("new_leads").focus();
    const up = press(box("new_leads"), "ArrowUp", { altKey: true });
    expect(up.defaultPrevented).toBe(true);
    await flush();
    expect(saved()).toEqual(["total_revenue,new_leads,win_rate"]);
    expect(rows()).toEqual(["total_revenue ✓", "new_leads ✓", "win_rate ✓", "deals_won"]);
    expect(text("#status-text")).toBe("New leads moved up, 2 of 3.");
    expect(document.querySelector("#status")!.getAttribute("role")).toBe("status");
    expect(focused()).toBe("focus-kpi-new_leads");
    press(box("new_leads"), "ArrowUp", { altKey: true });
    await flush();
    // At the top: a further Alt+↑ changes nothing.
    press(box("new_leads"), "ArrowUp", { altKey: true });
    await flush();
    press(box("total_revenue"), "ArrowDown", { altKey: true });
    await flush();
    expect(saved()).toEqual([
      "total_revenue,new_leads,win_rate",
      "new_leads,total_revenue,win_rate",
      "new_leads,win_rate,total_revenue",
    ]);
    expect(text("#status-text")).toBe("Total sales revenue moved down, 3 of 3.");
    // Without Alt, or on a KPI outside the set, the arrows do nothing here.
    press(box("win_rate"), "ArrowUp");
    press(box("deals_won"), "ArrowUp", { altKey: true });
    await flush();
    expect(saved().length).toBe(3);
  });

  test("moves made while a set is saved are saved after it, the last one last", async () => {
    api.focus = ["total_revenue", "win_rate", "new_leads"];
    await openGoals();
    press(box("new_leads"), "ArrowUp", { altKey: true });
    press(box("new_leads"), "ArrowUp", { altKey: true });
    expect(rows()).toEqual(["new_leads ✓", "total_revenue ✓", "win_rate ✓", "deals_won"]);
    await flush();
    expect(saved()).toEqual(["total_revenue,new_leads,win_rate", "new_leads,total_revenue,win_rate"]);
    expect(rows()).toEqual(["new_leads ✓", "total_revenue ✓", "win_rate ✓", "deals_won"]);
  });

  test("the Move buttons move a KPI; at the top or bottom the focus goes to the other button", async () => {
    api.focus = ["total_revenue", "win_rate", "new_leads"];
    await openGoals();
    click("#focus-down-total_revenue");
    await flush();
    expect(saved()).toEqual(["win_rate,total_revenue,new_leads"]);
    expect(focused()).toBe("focus-down-total_revenue");
    click("#focus-up-win_rate");
    await flush();
    expect(saved()).toEqual(["win_rate,total_revenue,new_leads"]);
    click("#focus-down-win_rate");
    await flush();
    click("#focus-down-win_rate");
    await flush();
    expect(saved()).toEqual([
      "win_rate,total_revenue,new_leads",
      "total_revenue,win_rate,new_leads",
      "total_revenue,new_leads,win_rate",
    ]);
    expect(document.querySelector<HTMLButtonElement>("#focus-down-win_rate")!.disabled).toBe(true);
    expect(focused()).toBe("focus-up-win_rate");
    expect(document.querySelector("#focus-up-win_rate")!.getAttribute("aria-label")).toBe("Move Win rate up");
  });

  test("a row dragged onto another takes its place; only focus rows are dragged and dropped on", async () => {
    api.focus = ["total_revenue", "win_rate", "new_leads"];
    await openGoals();
    expect(document.querySelector("#focus-row-win_rate")!.getAttribute("draggable")).toBe("true");
    expect(document.querySelector("#focus-row-deals_won")!.getAttribute("draggable")).toBe("false");
    drag("dragstart", "new_leads");
    expect(document.querySelector("#focus-row-new_leads")!.classList.contains("dragging")).toBe(true);
    // Not a drop target: the browser is not told otherwise.
    expect(drag("dragover", "deals_won").defaultPrevented).toBe(false);
    drag("dragenter", "total_revenue");
    expect(drag("dragover", "total_revenue").defaultPrevented).toBe(true);
    expect(document.querySelector("#focus-row-total_revenue")!.classList.contains("over")).toBe(true);
    drag("drop", "total_revenue");
    drag("dragend", "new_leads");
    await flush();
    expect(saved()).toEqual(["new_leads,total_revenue,win_rate"]);
    expect(rows()).toEqual(["new_leads ✓", "total_revenue ✓", "win_rate ✓", "deals_won"]);
    expect(text("#status-text")).toBe("New leads moved to 1 of 3.");
    expect(document.querySelectorAll("#focus-list .dragging, #focus-list .over").length).toBe(0);
    // Dropped where it was: nothing to save.
    drag("dragstart", "win_rate");
    drag("drop", "win_rate");
    drag("dragend", "win_rate");
    await flush();
    expect(saved().length).toBe(1);
  });

  test("Use every KPI with a goal resets the setting; the default is ticked again", async () => {
    api.focus = ["deals_won"];
    await openGoals();
    expect(rows()).toEqual(["deals_won ✓", "new_leads", "win_rate", "total_revenue"]);
    click("#focus-reset");
    await flush();
    expect(api.settingsSet).toEqual([["focus", ""]]);
    expect(rows()).toEqual(["total_revenue ✓", "win_rate ✓", "new_leads", "deals_won"]);
    expect(text("#status-text")).toBe("The team reviews every KPI with a goal again.");
    expect(document.querySelector("#focus-reset")).toBeNull();
    expect(focused()).toBe("focus-set-title");
  });

  test("the section is one key press from the top of the Goals view", async () => {
    await openGoals();
    click("#goto-focus-set");
    expect(focused()).toBe("focus-set-title");
    expect(document.activeElement?.textContent).toBe("KPIs the team reviews");
  });
});

describe("the scorecard's focus tiles", () => {
  test("come first in their order; every other KPI is folded under All KPIs, by perspective", async () => {
    api.focus = ["win_rate", "total_revenue"];
    await openApp(root, api, storage);
    expect(text("#focus-kpis h3")).toBe("Focus KPIs");
    expect(specs("#focus-kpis")).toEqual(["tile:win_rate", "tile:total_revenue"]);
    const fold = document.querySelector<HTMLDetailsElement>("#all-kpis")!;
    expect(fold.open).toBe(false);
    expect(text("#all-kpis-summary")).toBe("All KPIs (2)");
    expect(specs("#all-kpis")).toEqual(["tile:new_leads", "tile:deals_won"]);
    expect(specs("#perspective-lead_generation")).toEqual(["tile:new_leads"]);
    expect(specs("#perspective-revenue")).toEqual(["tile:deals_won"]);
    expect(specs("#perspective-conversion")).toEqual([]);
    // Each KPI once: its tile still opens its detail.
    expect(document.querySelectorAll("#scorecard figure").length).toBe(4);
    expect(document.querySelector("#tile-total_revenue")!.getAttribute("aria-label")).toBe(
      "Total sales revenue: $95, behind goal",
    );
  });

  test("by default the focus set is every KPI with a goal, in the scorecard's order", async () => {
    await openApp(root, api, storage);
    expect(specs("#focus-kpis")).toEqual(["tile:total_revenue", "tile:win_rate"]);
    expect(text("#all-kpis-summary")).toBe("All KPIs (2)");
  });

  test("All KPIs stays unfolded for the session, across periods and views", async () => {
    await openApp(root, api, storage);
    const fold = () => document.querySelector<HTMLDetailsElement>("#all-kpis")!;
    fold().open = true;
    fold().dispatchEvent(new Event("toggle"));
    click("#period-next");
    await flush();
    expect(text("#scorecard-period")).toContain("2025-Q3");
    expect(fold().open).toBe(true);
    click("#nav-goals");
    await flush();
    click("#nav-scorecard");
    await flush();
    expect(fold().open).toBe(true);
    fold().open = false;
    fold().dispatchEvent(new Event("toggle"));
    click("#period-prev");
    await flush();
    expect(fold().open).toBe(false);
  });

  test("back from a folded KPI's detail (Escape), the fold opens with the focus on its tile", async () => {
    api.kpiDetail = (_v, k) => Promise.resolve(detailOf(kpi(k, "Deals won", "revenue", null), []));
    await openApp(root, api, storage);
    expect(document.querySelector<HTMLDetailsElement>("#all-kpis")!.open).toBe(false);
    click("#tile-deals_won");
    await flush();
    expect(text("#detail-title")).toBe("Deals won");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await flush();
    expect(document.querySelector<HTMLDetailsElement>("#all-kpis")!.open).toBe(true);
    expect(focused()).toBe("tile-deals_won");
  });

  test("ticked in the Goals view, a KPI's tile joins the focus tiles", async () => {
    await openGoals();
    setBox("deals_won", true);
    await flush();
    click("#nav-scorecard");
    await flush();
    expect(specs("#focus-kpis")).toEqual(["tile:total_revenue", "tile:win_rate", "tile:deals_won"]);
    expect(specs("#all-kpis")).toEqual(["tile:new_leads"]);
  });

  test("with no focus KPI (no KPI with a goal or a value), every tile shows in its perspective, nothing folded", async () => {
    api.moreKpis = [];
    const home = api.home;
    api.home = (v) => home(v).then((h) => ({ ...h, scorecard: { ...h.scorecard, focus: [] } }));
    await openApp(root, api, storage);
    expect(document.querySelector("#focus-kpis")).toBeNull();
    expect(document.querySelector("#all-kpis")).toBeNull();
    expect(text("#focus-none")).toBe(
      "No focus KPIs in this view yet: set goals, or choose the KPIs the team reviews in Goals.",
    );
    expect(specs("#perspective-lead_generation")).toEqual(["tile:new_leads"]);
    expect(specs("#perspective-revenue")).toEqual(["tile:total_revenue"]);
  });
});
