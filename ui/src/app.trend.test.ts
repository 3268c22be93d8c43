// @vitest-environment happy-dom
// The months of a KPI's trend over the fake backend (src/testing/fake.ts):
// a button per month where the picture draws it; hovered or focused, its
// tooltip says the month's text; one tab stop, the arrow keys, Home and End
// moving between months; clicked (or Enter), Add note on its days.

import { beforeEach, describe, expect, test } from "vitest";
import type { Detail } from "./bindings/Detail";
import type { Note } from "./bindings/Note";
import { STORAGE_KEY } from "./state";
import { trendRegions } from "./testing/detail";
import { click, detailOf, FakeBackend, flush, kpi, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;
/** The trend's monthly values the fake detail says (null: no value). */
let values: (number | null)[] | null = null;

const note = (id: number, over: Partial<Note> = {}): Note => ({
  id,
  start: "2025-05-12",
  end: "2025-05-12",
  text: "Price list 2025 live",
  kpi: "total_revenue",
  filter: [],
  source: null,
  updated_at: "2026-11-23T14:05:09Z",
  ...over,
});

async function openDetail() {
  storage.setItem(
    STORAGE_KEY,
    JSON.stringify({ route: { view: "kpi", kpi: "total_revenue" }, period: "2025-Q2", filter: [] }),
  );
  return openApp(root, api, storage);
}

const months = () => [
  ...document.querySelectorAll<HTMLButtonElement>("figure[data-spec='trend:total_revenue'] .chart-month"),
];
const month = (i: number) => document.querySelector<HTMLButtonElement>(`#trend-month-${i}`)!;
const tip = () => text("#trend-tip");
const focused = () => document.activeElement?.id;
const tabStops = () => months().flatMap((b, i) => (b.tabIndex === 0 ? [i] : []));

function fire(el: Element, type: "mouseenter" | "mouseleave"): void {
  el.dispatchEvent(new MouseEvent(type));
}

function press(key: string, opts: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...opts });
  (document.activeElement ?? document.body).dispatchEvent(e);
  return e;
}

beforeEach(() => {
  api = new FakeBackend();
  values = null;
  api.kpiDetail = (_view, id) => {
    const notes = api.noteBook.notes.filter((n) => n.kpi === null || n.kpi === id);
    const det: Detail = detailOf(kpi(id, "Total sales revenue", "revenue", 95), [], notes);
    if (values !== null) det.charts[1]!.regions = trendRegions(notes, values);
    return Promise.resolve(det);
  };
  api.kpiCatalog = () =>
    Promise.resolve([detailOf(kpi("total_revenue", "Total sales revenue", "revenue", 95), []).info]);
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("a KPI's trend months", () => {
  test("a button per month over the picture, in percentages of it; one tab stop, on the last month", async () => {
    api.noteBook.notes = [note(2)];
    await openDetail();
    const ms = months();
    expect(ms.length).toBe(12);
    expect(ms.map((b) => b.id)).toEqual([...Array(12).keys()].map((i) => `trend-month-${i}`));
    expect(ms.map((b) => b.style.left)).toEqual([
      "7%",
      "14.5%",
      "22%",
      "29.5%",
      "37%",
      "44.5%",
      "52%",
      "59.5%",
      "67%",
      "74.5%",
      "82%",
      "89.5%",
    ]);
    expect(ms.map((b) => [b.style.top, b.style.width, b.style.height])).toEqual(Array(12).fill(["10%", "7.5%", "70%"]));
    expect([ms[0]!.dataset.label, ms[0]!.dataset.days]).toEqual(["Jul 2024", "2024-07-01..2024-07-31"]);
    expect([ms[11]!.dataset.label, ms[11]!.dataset.days]).toEqual(["Jun 2025", "2025-06-01..2025-06-30"]);
    expect(tabStops()).toEqual([11]);
    // Screen readers hear each month's text; a month with a note says it.
    expect(ms[0]!.getAttribute("aria-label")).toBe("Jul 2024: $812,400 (goal $900,000)");
    expect(ms[10]!.getAttribute("aria-label")).toBe(
      "May 2025: $845,600 (goal $900,000). Note: (1) 12 May 2025: Price list 2025 live",
    );
    expect(ms[10]!.classList.contains("has-notes")).toBe(true);
    expect(ms[0]!.getAttribute("aria-describedby")).toBe("trend-months-hint");
    expect(text("#trend-months-hint")).toBe("Arrow keys: another month. Enter: add a note on this month.");
    expect(document.querySelector(".chart-months")!.getAttribute("aria-label")).toBe(
      "Total sales revenue: monthly trend, by month",
    );
    // The overlay is inside the picture's own box, which has no tooltip over the months; the other charts have none.
    const body = document.querySelector("figure[data-spec='trend:total_revenue'] .chart-body")!;
    expect([body.classList.contains("has-overlay"), body.hasAttribute("title")]).toEqual([true, false]);
    expect(body.querySelector("img.chart-img")).not.toBeNull();
    expect(document.querySelectorAll("figure[data-spec='gauge:total_revenue'] .chart-month").length).toBe(0);
    // Export… is still there.
    expect(document.querySelector("#export-trend-total_revenue")).not.toBeNull();
    expect(tip()).toBeNull();
  });

  test("hovering a month shows exactly its text beside it; leaving it hides it", async () => {
    api.noteBook.notes = [note(2), note(3, { start: "2025-05-20", end: "2025-05-20", text: "Webinar" })];
    await openDetail();
    fire(month(2), "mouseenter");
    expect(tip()).toBe("Sep 2024: $905,300 (goal $900,000)");
    expect(month(2).classList.contains("shown")).toBe(true);
    const t = document.querySelector<HTMLElement>("#trend-tip")!;
    expect([t.style.left, t.style.right, t.style.top]).toEqual(["29.5%", "", "10%"]);
    // From one month to the next.
    fire(month(2), "mouseleave");
    fire(month(10), "mouseenter");
    expect(tip()).toBe(
      "May 2025: $845,600 (goal $900,000)\n(1) 12 May 2025: Price list 2025 live\n(2) 20 May 2025: Webinar",
    );
    // In the right half: left of the month.
    const t2 = document.querySelector<HTMLElement>("#trend-tip")!;
    expect([t2.style.left, t2.style.right, t2.style.top]).toEqual(["", "18%", "10%"]);
    fire(month(10), "mouseleave");
    expect(tip()).toBeNull();
    expect(months().some((b) => b.classList.contains("shown"))).toBe(false);
  });

  test("focused, a month shows its text; the arrow keys, Home and End move the focus and the tab stop", async () => {
    await openDetail();
    month(11).focus();
    await flush();
    expect(tip()).toBe("Jun 2025: $930,250 (goal $900,000)");
    let e = press("ArrowLeft");
    await flush();
    expect(e.defaultPrevented).toBe(true);
    expect(focused()).toBe("trend-month-10");
    expect(tabStops()).toEqual([10]);
    expect(tip()).toBe("May 2025: $845,600 (goal $900,000)");
    press("Home");
    await flush();
    expect([focused(), tip()]).toEqual(["trend-month-0", "Jul 2024: $812,400 (goal $900,000)"]);
    press("ArrowLeft");
    await flush();
    expect(focused()).toBe("trend-month-0");
    press("ArrowRight");
    await flush();
    expect([focused(), tabStops(), tip()]).toEqual(["trend-month-1", [1], "Aug 2024: $790,150 (goal $900,000)"]);
    press("End");
    await flush();
    expect([focused(), tabStops()]).toEqual(["trend-month-11", [11]]);
    // Alt+← is the period's, not the months'.
    e = press("ArrowLeft", { altKey: true });
    expect(e.defaultPrevented).toBe(true);
    expect(api.calls).toContain("step 2025-Q2 -1");
    // The mouse over another month shows that one; left, the focused month's again.
    await flush();
    month(11).focus();
    await flush();
    fire(month(3), "mouseenter");
    expect(tip()).toBe("Oct 2024: $1,010,750 (goal $900,000)");
    fire(month(3), "mouseleave");
    expect(tip()).toBe("Jun 2025: $930,250 (goal $900,000)");
    // The focus gone, so is the tooltip.
    document.querySelector<HTMLButtonElement>("#export-trend-total_revenue")!.focus();
    await flush();
    expect(tip()).toBeNull();
  });

  test("the tab stop is the last month with a value; it stays on the month last focused when the detail is read again", async () => {
    values = [812400, 790150, 905300, 1010750, 1101850, 1320400, 640200, 701900, 688350, 812000, null, null];
    await openDetail();
    expect(tabStops()).toEqual([9]);
    expect(months()[11]!.getAttribute("aria-label")).toBe("Jun 2025: no value");
    month(9).focus();
    press("ArrowLeft");
    await flush();
    expect(tabStops()).toEqual([8]);
    click("#note-add");
    await flush();
    document.querySelector<HTMLTextAreaElement>("#note-text")!.value = "x";
    document.querySelector("#note-text")!.dispatchEvent(new Event("input", { bubbles: true }));
    click("#note-save");
    await flush();
    expect(tabStops()).toEqual([8]);
  });

  test("clicking a month opens Add note on exactly its days, the focus in the text; Escape goes back to the month", async () => {
    await openDetail();
    click("#trend-month-8");
    await flush();
    expect(text("#note-form-title")).toBe("New note");
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-03-01..2025-03-31");
    expect(focused()).toBe("note-text");
    document
      .querySelector("#note-text")!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    await flush();
    expect(document.querySelector("#note-form")).toBeNull();
    expect(text("#detail-title")).toBe("Total sales revenue");
    expect(focused()).toBe("trend-month-8");
    expect(tabStops()).toEqual([8]);
    // The Notes section's own Add note still starts on the view's last month.
    click("#note-add");
    await flush();
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-06-01..2025-06-30");
    expect(focused()).toBe("note-text");
  });

  test("Enter on a focused month adds a note on it, saved with its days; a month chosen while a note is written keeps the text", async () => {
    await openDetail();
    month(11).focus();
    press("ArrowLeft");
    await flush();
    const enter = press("Enter");
    await flush();
    expect(enter.defaultPrevented).toBe(true);
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-05-01..2025-05-31");
    expect(focused()).toBe("note-text");
    const area = document.querySelector<HTMLTextAreaElement>("#note-text")!;
    area.value = "Price list 2025 live";
    area.dispatchEvent(new Event("input", { bubbles: true }));
    click("#trend-month-7");
    await flush();
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-02-01..2025-02-28");
    expect(document.querySelector<HTMLTextAreaElement>("#note-text")!.value).toBe("Price list 2025 live");
    click("#note-save");
    await flush();
    expect(api.noteBook.saves).toEqual([[null, "2025-02-01..2025-02-28", "Price list 2025 live", "total_revenue", []]]);
    // Read again: the month now says its note.
    expect(months()[7]!.getAttribute("aria-label")).toBe(
      "Feb 2025: $701,900 (goal $900,000). Note: (1) 1 – 28 Feb 2025: Price list 2025 live",
    );
    expect(focused()).toBe("note-add");
  });

  test("Space on a focused month adds a note on it too", async () => {
    await openDetail();
    month(11).focus();
    press("Home");
    await flush();
    press(" ");
    await flush();
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2024-07-01..2024-07-31");
  });
});
