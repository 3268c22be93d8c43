// @vitest-environment happy-dom
// The Outlook view and the forecast categories over the fake backend
// (src/testing/fake.ts): the figures and what each is, what-if rates typed
// (asked for once the typing pauses, stale answers dropped), a period that
// is over, the leaderboard's KPI, and a stage's category in the Goals view.

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Outlook } from "./bindings/Outlook";
import type { WhatIf } from "./bindings/WhatIf";
import { DEBOUNCE_MS } from "./actions/outlook";
import { STORAGE_KEY } from "./state";
import { click, FakeBackend, flush, memoryStorage, openApp, text } from "./testing/fake";
import { outlookOf } from "./testing/outlook";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;

const none: WhatIf = { win_rate: null, average_deal_size: null, lead_conversion_rate: null };

/** Opens the window on the Outlook (of `period`). */
async function openOutlook(period: string | null = null) {
  storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "outlook" }, period, filter: [] }));
  return openApp(root, api, storage);
}

const input = (rate: string) => document.querySelector<HTMLInputElement>(`#whatif-${rate}`)!;

/** Types into a what-if field as a user does: focus, then one input event per key. */
function type(rate: string, keys: string): HTMLInputElement {
  const el = input(rate);
  el.focus();
  for (const ch of keys) {
    el.value += ch;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }
  return el;
}

afterEach(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  api = new FakeBackend();
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("the Outlook view", () => {
  test("Ctrl+4 opens it: the chart, the figures with what each is, the plan, overdue deals and the leaderboard", async () => {
    await openApp(root, api, storage);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "4", ctrlKey: true }));
    await flush();
    expect(document.querySelector("#nav-outlook")!.getAttribute("aria-current")).toBe("page");
    expect(api.outlookAsks).toEqual([[{ period: null, filter: [], today: null }, none, "total_revenue"]]);
    expect(text("#period-label")).toBe("2025-Q2");
    expect(document.querySelector("#outlook figure.chart img")!.getAttribute("alt")).toBe(
      "Outlook for 2025-Q2: closed $600,000, commit $750,000, best case $900,000, against a goal of $1,000,000",
    );
    expect(text("#outlook-goal")).toBe("$1,000,000");
    expect(text("#outlook-figures")).toContain("rolled up from the reps' goals");
    expect(text("#outlook-closed")).toBe("$600,000");
    expect(text("#outlook-pipeline")).toBe("$960,000");
    expect(text("#outlook-open-deals")).toBe("42 open deals");
    expect(text("#outlook-pipeline_coverage")).toBe("2.4×");
    expect(text("#outlook-figures")).toContain("weighted by each deal's probability");
    expect(text("#plan-deals")).toBe("20");
    expect(text("#plan-opportunities")).toBe("80");
    expect(text("#plan-leads")).toBe("800");
    expect(text("#outlook-plan")).toContain("at a win rate of 25%");
    expect(text("#plan-window")).toBe("Today's rates are those of the 12 months 1 Apr 2024 – 31 Mar 2025.");
    const overdue = [...document.querySelectorAll("#overdue-table tbody td")].map((td) => td.textContent);
    expect(overdue).toEqual(["D-1", "Ann Lee", "$50,000", "1 May 2025"]);
    const rows = [...document.querySelectorAll("#leaderboard-table tbody tr")].map((r) =>
      [...r.children].map((c) => c.textContent).join(" | "),
    );
    expect(rows).toEqual([
      "1 | Ann Lee | $120 | $100 | 120% | on goal",
      "2 | Bob Stone | $80 | $100 | 80% | behind goal",
      "Without a goal (not ranked)",
      "— | Cy Park | $50 | — | — | ",
    ]);
    expect(text("#leaderboard-summary")).toBe("At or above goal: 50% of the reps with a goal · median attainment 100%");
  });

  test("a what-if typed is asked for once the typing pauses, with the rate read as a fraction; focus and text stay", async () => {
    await openOutlook();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const el = type("win_rate", "40%");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 10);
    expect(api.figureAsks).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(api.figureAsks).toEqual([{ ...none, win_rate: 0.4 }]);
    expect(text("#plan-opportunities")).toBe("50");
    expect(text("#outlook-plan")).toContain("at a win rate of 40% what-if");
    expect(text("#plan-what-if")).toBe("What-ifs: win rate.");
    // Today's rate is still said beside the field.
    expect(text("#whatif-win_rate-note")).toBe("Today: 25%");
    expect(document.querySelector("#whatif-win_rate")).toBe(el);
    expect(el.value).toBe("40%");
    expect(document.activeElement).toBe(el);
    // An amount with k, alongside.
    type("average_deal_size", "40k");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(api.figureAsks.at(-1)).toEqual({ ...none, win_rate: 0.4, average_deal_size: 40000 });
    expect(text("#plan-deals")).toBe("10");
  });

  test("what cannot be read says so beside the field and asks for nothing", async () => {
    await openOutlook();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const el = type("win_rate", "4o");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 4);
    expect(api.figureAsks).toEqual([]);
    expect(text("#whatif-win_rate-note")).toBe("Type the win rate as a percent, such as 40%.");
    expect(el.getAttribute("aria-invalid")).toBe("true");
    expect(el.getAttribute("aria-describedby")).toBe("whatif-win_rate-note");
    expect(text("#whatif-waiting")).toBe("The plan above keeps the last rates that read until the field is corrected.");
    expect(document.activeElement).toBe(el);
  });

  test("Reset to today's rates empties the fields and asks for the figures without what-ifs", async () => {
    await openOutlook();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    type("win_rate", "40");
    type("lead_conversion_rate", "20");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(text("#plan-leads")).toBe("250");
    click("#whatif-reset");
    await vi.advanceTimersByTimeAsync(0);
    expect(api.figureAsks.at(-1)).toEqual(none);
    expect(input("win_rate").value).toBe("");
    expect(input("lead_conversion_rate").value).toBe("");
    expect(text("#plan-opportunities")).toBe("80");
    expect(document.querySelector("#plan-what-if")).toBeNull();
  });

  test("an answer to an older what-if arriving last is dropped", async () => {
    const pending: [WhatIf, (o: Outlook) => void][] = [];
    api.outlookFigures = (_view, w) => new Promise((r) => pending.push([w, r]));
    await openOutlook();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    type("win_rate", "40");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    input("win_rate").value = "";
    type("win_rate", "50");
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(pending.map(([w]) => w.win_rate)).toEqual([0.4, 0.5]);
    const [[w40, answer40], [w50, answer50]] = pending as [
      [WhatIf, (o: Outlook) => void],
      [WhatIf, (o: Outlook) => void],
    ];
    answer50(outlookOf(null, w50));
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#plan-opportunities")).toBe("40");
    answer40(outlookOf(null, w40));
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#plan-opportunities")).toBe("40");
    expect(input("win_rate").value).toBe("50");
  });

  test("a period that is over says how it ended and hides the what-ifs", async () => {
    await openOutlook("2025-Q1");
    expect(text("#outlook-ended")).toBe(
      "2025-Q1 is over: it closed $600,000 against a goal of $1,000,000: 60% of the goal, $400,000 short of it.",
    );
    expect(text("#plan-reason")).toBe(
      "The plan does not apply. The period is over: this is how it ended, and there is nothing left to plan.",
    );
    expect(document.querySelector("#whatif")).toBeNull();
    expect(document.querySelector("#plan-figures")).toBeNull();
  });

  test("choosing another KPI for the leaderboard reads the page again for it", async () => {
    const info = (id: string, name: string) => ({ id, name, unit: "count" }) as unknown as KpiInfo;
    api.kpiCatalog = () =>
      Promise.resolve([info("total_revenue", "Total sales revenue"), info("deals_won", "Deals won")]);
    await openOutlook();
    const pick = document.querySelector<HTMLSelectElement>("#leaderboard-kpi")!;
    expect(pick.value).toBe("total_revenue");
    pick.value = "deals_won";
    pick.dispatchEvent(new Event("change"));
    await flush();
    expect(api.outlookAsks.at(-1)?.[2]).toBe("deals_won");
    expect(text("#leaderboard-title")).toBe("Leaderboard: Deals won by rep");
    expect(document.querySelector<HTMLSelectElement>("#leaderboard-kpi")!.value).toBe("deals_won");
  });

  test("a workspace without deals: the core's reason in the view's place, with the way to import", async () => {
    api.outlookView = () =>
      Promise.reject<never>({
        code: "invalid_argument",
        message: "the outlook needs a deals sheet (its open deals and their expected close dates): import one first",
        location: null,
      });
    await openOutlook();
    expect(text("#outlook-message")).toBe(
      "The outlook needs a deals sheet (its open deals and their expected close dates): import one first.",
    );
    expect(document.querySelector(".error")).toBeNull();
    expect(document.querySelector("#outlook-import")).not.toBeNull();
  });
});

describe("forecast categories (Goals view)", () => {
  test("a stage's category list sets forecast_category.<label>; Reset puts the default back", async () => {
    // The core's answer after a change: the label's category, set or back to the default.
    const set = api.setSetting;
    api.setSetting = (key, value) => {
      const label = key.replace("forecast_category.", "");
      api.stages = api.stages.map((c) =>
        c.label === label ? { ...c, category: value === "" ? "pipeline" : value, set: value !== "" } : c,
      );
      return set(key, value);
    };
    storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "goals" }, period: null, filter: [] }));
    await openApp(root, api, storage);
    const rows = [...document.querySelectorAll("#stage-categories tbody tr")].map((r) => r.children[0]!.textContent);
    expect(rows).toEqual(["Negotiation", "Proposal", "Closed Won"]);
    // (Which option a list shows is checked in the real window, tests/e2e: happy-dom
    // 21 marks the second option selected when a later one is inserted selected.)
    const proposal = document.querySelector<HTMLSelectElement>("#stage-category-Proposal")!;
    expect(proposal.closest("label")!.textContent).toContain("Category of “Proposal”");
    // Won deals are closed whatever their category: nothing to choose.
    expect(document.querySelector("#stage-category-Closed_Won")).toBeNull();
    proposal.value = "best_case";
    proposal.dispatchEvent(new Event("change"));
    await flush();
    expect(api.settingsSet).toEqual([["forecast_category.Proposal", "best_case"]]);
    expect(text("#status-text")).toBe("Open “Proposal” deals now count in Best case.");
    // A category that was set has a Reset button; reset, it goes, and the focus goes to the list.
    expect(document.querySelector("#stage-category-Proposal-reset")).not.toBeNull();
    click("#stage-category-Negotiation-reset");
    await flush();
    expect(api.settingsSet.at(-1)).toEqual(["forecast_category.Negotiation", ""]);
    expect(document.querySelector("#stage-category-Negotiation-reset")).toBeNull();
    expect(document.activeElement?.id).toBe("stage-category-Negotiation");
  });

  test("the Outlook is read again after a category changes", async () => {
    await openOutlook();
    expect(api.outlookAsks.length).toBe(1);
    click("#nav-goals");
    await flush();
    const proposal = document.querySelector<HTMLSelectElement>("#stage-category-Proposal")!;
    proposal.value = "commit";
    proposal.dispatchEvent(new Event("change"));
    await flush();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "4", ctrlKey: true }));
    await flush();
    expect(api.outlookAsks.length).toBe(2);
    expect(text("#outlook-closed")).toBe("$600,000");
  });
});
