// @vitest-environment happy-dom
// What the user puts in stays put: typed text, focus and open lists outlast
// repaints; the import wizard is modal (Tab stays inside, the page's keys do
// not reach behind it); numbers in inputs read as typed; a period's kind is
// switched by the core. Over the fake backend of src/testing/fake.ts.

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Goal } from "./bindings/Goal";
import { MESSAGE_MS } from "./app";
import { STORAGE_KEY } from "./state";
import { click, detailOf, FakeBackend, flush, goal, kpi, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;

const open = () => openApp(root, api, storage);

afterEach(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  api = new FakeBackend();
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("period kinds", () => {
  test("switching the period's kind asks the core for the period of that kind", async () => {
    await open();
    const kind = document.querySelector<HTMLSelectElement>("#period-kind")!;
    expect(kind.value).toBe("quarter");
    kind.value = "month";
    kind.dispatchEvent(new Event("change"));
    await flush();
    expect(api.calls).toContain("period_of_kind default month");
    expect(api.views.at(-1)?.period).toBe("2025-06");
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).period).toBe("2025-06");
  });
});

describe("a KPI's detail", () => {
  test("a ratio goal shows in the goal editor as a percent: 7%, never 7.000000000000001%", async () => {
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({ route: { view: "kpi", kpi: "win_rate" }, period: "2025-Q2", filter: [] }),
    );
    api.kpiDetail = () =>
      Promise.resolve(detailOf(kpi("win_rate", "Win rate", "conversion", 0.05), [goal(1, "win_rate", 0.07)]));
    await open();
    expect(text("#detail-title")).toBe("Win rate");
    expect(document.querySelector<HTMLInputElement>("#goal-target")!.value).toBe("7%");
    expect(text("#goal-save")).toBe("Update goal");
  });

  test("text typed in the goal editor, its focus and an open filter list outlast a message timing out and a progress event", async () => {
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({ route: { view: "kpi", kpi: "total_revenue" }, period: "2025-Q2", filter: [] }),
    );
    const goals: Goal[] = [];
    const revenue = () => detailOf(kpi("total_revenue", "Total sales revenue", "revenue", 95), [...goals]);
    api.kpiCatalog = () => Promise.resolve([revenue().info]);
    api.kpiDetail = () => Promise.resolve(revenue());
    api.setGoal = (k, period, _filter, target) => {
      const g = goal(goals.length + 1, k, Number(target.replace(/,/g, "")), period);
      goals.push(g);
      return Promise.resolve(g);
    };
    await open();
    // A filter list left open.
    const list = document.querySelector<HTMLDetailsElement>("#filter-region")!;
    list.open = true;
    list.dispatchEvent(new Event("toggle"));
    await flush();
    // Save a goal: "Goal saved" shows, for MESSAGE_MS.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    document.querySelector<HTMLInputElement>("#goal-target")!.value = "500000";
    click("#goal-save");
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#status-text")).toBe("Goal saved: Total sales revenue, 2025-Q2, $500,000.");
    expect(document.querySelector<HTMLInputElement>("#goal-target")!.value).toBe("500,000");
    expect(text("#goal-save")).toBe("Update goal");
    // Then the user types the next target.
    const input = document.querySelector<HTMLInputElement>("#goal-target")!;
    input.focus();
    input.value = "2,000,000";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    // The message times out, and an import's progress arrives: both repaint the window.
    await vi.advanceTimersByTimeAsync(MESSAGE_MS);
    expect(document.querySelector("#status")).toBeNull();
    api.fire("progress", { file: "big.csv", sheet: null, stage: "writing", rows_done: 10, rows_total: 100 });
    expect(text("#progress-label")).toBe("Importing big.csv: 10 of 100 rows");
    expect(document.querySelector("#goal-target")).toBe(input);
    expect(input.value).toBe("2,000,000");
    expect(document.activeElement).toBe(input);
    expect(document.querySelector<HTMLDetailsElement>("#filter-region")).toBe(list);
    expect(list.open).toBe(true);
    // And what was typed is what is saved.
    click("#goal-save");
    await vi.advanceTimersByTimeAsync(0);
    expect(goals.map((g) => g.target)).toEqual([500000, 2000000]);
  });
});

/** Controls a browser's Tab stops at, in page order. */
function tabStops(): HTMLElement[] {
  return [
    ...document.querySelectorAll<HTMLElement>("button, input, select, textarea, summary, a[href], [tabindex]"),
  ].filter(
    (el) =>
      el.getAttribute("tabindex") !== "-1" &&
      !(el as HTMLButtonElement).disabled &&
      (el.closest("details:not([open])") === null || el.tagName === "SUMMARY"),
  );
}

/**
 * Tab (or Shift+Tab) as a browser with no modal support would do it: the key
 * goes to the focused element, and unless a handler took it, the focus goes
 * to the next (previous) control of the whole page. Only the app can keep it
 * inside a dialog.
 */
function pressTab(shift: boolean, init: KeyboardEventInit = { key: "Tab", code: "Tab" }): void {
  const from = document.activeElement instanceof HTMLElement ? document.activeElement : document.body;
  const e = new KeyboardEvent("keydown", { ...init, shiftKey: shift, bubbles: true, cancelable: true });
  from.dispatchEvent(e);
  if (e.defaultPrevented) return;
  const stops = tabStops();
  const towards = shift ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING;
  const ahead = stops.filter(
    (x) => x !== from && !from.contains(x) && (from.compareDocumentPosition(x) & towards) !== 0,
  );
  const next = shift ? (ahead.at(-1) ?? stops.at(-1)) : (ahead[0] ?? stops[0]);
  next?.focus();
}

const describeEl = (el: Element | null) =>
  el === null ? "nothing" : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}`;

describe("the import wizard is a modal dialog", () => {
  test("Tab and Shift+Tab go round the wizard's controls and never leave it", async () => {
    await open();
    api.fire("dropped", [{ id: 5, name: "march.csv" }]);
    await flush();
    const wizard = document.querySelector<HTMLDialogElement>("#wizard")!;
    expect(wizard.tagName).toBe("DIALOG");
    expect(wizard.open).toBe(true);
    const visited = new Set<string>();
    // Tab, Shift+Tab, and Shift+Tab as WebKitGTK sends it (GTK's ISO_Left_Tab: no key name, the Tab code).
    const presses: [string, boolean, KeyboardEventInit][] = [
      ["Tab", false, { key: "Tab", code: "Tab" }],
      ["Shift+Tab", true, { key: "Tab", code: "Tab" }],
      ["WebKitGTK's Shift+Tab", true, { key: "Unidentified", code: "Tab" }],
    ];
    for (const [name, shift, init] of presses) {
      for (let i = 1; i <= 12; i++) {
        pressTab(shift, init);
        const at = document.activeElement;
        expect(at !== wizard && wizard.contains(at), `${name} #${i} reached ${describeEl(at)}`).toBe(true);
        visited.add(describeEl(at));
      }
    }
    // Round every control: the kind, the three roles and Cancel (Import waits for the amount's column).
    expect([...visited].sort()).toEqual([
      "button#wizard-cancel",
      "select#role-0",
      "select#role-1",
      "select#role-2",
      "select#wizard-kind",
    ]);
  });

  test("the window's keys do not reach the page behind it: Ctrl+1 switches views only once it is closed", async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "data" }, period: null, filter: [] }));
    await open();
    api.fire("dropped", [{ id: 5, name: "march.csv" }]);
    await flush();
    const key = (init: KeyboardEventInit) =>
      (document.activeElement ?? document.body).dispatchEvent(
        new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init }),
      );
    document.querySelector<HTMLSelectElement>("#wizard-kind")!.focus();
    key({ key: "1", ctrlKey: true });
    key({ key: "ArrowLeft", altKey: true });
    await flush();
    expect(document.querySelector("#datasets")).not.toBeNull();
    expect(document.querySelector("#nav-data")!.getAttribute("aria-current")).toBe("page");
    expect(document.querySelector("#wizard")).not.toBeNull();
    expect(api.calls.filter((c) => c.startsWith("step"))).toEqual([]);
    // Escape closes it; then Ctrl+1 is the scorecard's again.
    key({ key: "Escape" });
    await flush();
    expect(document.querySelector("#wizard")).toBeNull();
    key({ key: "1", ctrlKey: true });
    await flush();
    expect(document.querySelector("#nav-scorecard")!.getAttribute("aria-current")).toBe("page");
    expect(text("#overall-score")).toBe("Overall 95%");
  });
});
