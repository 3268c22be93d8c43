// @vitest-environment happy-dom
// A KPI's notes over the fake backend (src/testing/fake.ts): listed and
// numbered as the trend's markers; added (the view's last month, this KPI,
// the view's segment), edited and removed (asked first), each saved by the
// core, whose errors show in the form; then the detail is read again.

import { beforeEach, describe, expect, test } from "vitest";
import type { Note } from "./bindings/Note";
import { STORAGE_KEY } from "./state";
import { click, detailOf, FakeBackend, flush, kpi, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;
let details = 0;

const note = (id: number, over: Partial<Note> = {}): Note => ({
  id,
  start: "2025-05-01",
  end: "2025-05-31",
  text: "Price list 2025 live",
  kpi: "total_revenue",
  filter: [],
  source: null,
  updated_at: "2026-11-23T14:05:09Z",
  ...over,
});

async function openDetail(filter: unknown[] = []) {
  storage.setItem(
    STORAGE_KEY,
    JSON.stringify({ route: { view: "kpi", kpi: "total_revenue" }, period: "2025-Q2", filter }),
  );
  return openApp(root, api, storage);
}

/** Types into a field of the note form as a user does. */
function type(id: string, value: string): void {
  const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!;
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function tick(id: string, on: boolean): void {
  const el = document.querySelector<HTMLInputElement>(`#${id}`)!;
  el.checked = on;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

const items = () =>
  [...document.querySelectorAll("#notes-list li")].map((li) =>
    [
      li.querySelector(".note-number")?.textContent,
      li.querySelector(".note-days")?.textContent,
      li.querySelector(".note-text")?.textContent,
      li.querySelector(".note-scope")?.textContent,
    ].join(" | "),
  );

const trend = () => document.querySelector("figure[data-spec='trend:total_revenue'] img")!.getAttribute("src");

beforeEach(() => {
  api = new FakeBackend();
  details = 0;
  api.kpiDetail = (_view, id) => {
    details++;
    const notes = api.noteBook.notes.filter((n) => n.kpi === null || n.kpi === id);
    return Promise.resolve(detailOf(kpi(id, "Total sales revenue", "revenue", 95), [], notes));
  };
  api.kpiCatalog = () =>
    Promise.resolve([detailOf(kpi("total_revenue", "Total sales revenue", "revenue", 95), []).info]);
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("a KPI's notes", () => {
  test("are listed oldest first, numbered as on the trend, with their days, scope, segment and sheet", async () => {
    api.noteBook.notes = [
      note(3, { start: "2025-04-02", end: "2025-04-02", text: "Two reps left", kpi: null }),
      note(5, { filter: [{ dimension: "region", value: "East" }], source: "events.xlsx" }),
    ];
    await openDetail();
    expect(items()).toEqual([
      "1 | 2 Apr 2025 | Two reps left | all KPIs · everyone",
      "2 | 1 – 31 May 2025 | Price list 2025 live | Total sales revenue · region: East · from events.xlsx",
    ]);
    expect(document.querySelector("#note-edit-5")!.getAttribute("aria-label")).toBe("Edit the note of 1 – 31 May 2025");
  });

  test("Add note starts on the view's last month for this KPI; saved, the detail is read again and the trend changes", async () => {
    await openDetail();
    expect(text("#notes-none")).toContain("No notes");
    const before = trend();
    const read = details;
    click("#note-add");
    await flush();
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-06-01..2025-06-30");
    expect(document.querySelector<HTMLInputElement>("#note-this-kpi")!.checked).toBe(true);
    // No filter on the view: no segment to keep.
    expect(document.querySelector("#note-this-segment")).toBeNull();
    expect(document.activeElement?.id).toBe("note-text");
    type("note-text", "Price list 2025 live");
    click("#note-save");
    await flush();
    expect(api.noteBook.saves).toEqual([[null, "2025-06-01..2025-06-30", "Price list 2025 live", "total_revenue", []]]);
    expect(details).toBe(read + 1);
    expect(items()).toEqual(["1 | 1 – 30 Jun 2025 | Price list 2025 live | Total sales revenue · everyone"]);
    expect(trend()).not.toBe(before);
    expect(document.querySelector("#note-form")).toBeNull();
    expect(text("#status-text")).toBe("Note added: 1 – 30 Jun 2025.");
    expect(document.activeElement?.id).toBe("note-add");
  });

  test("a day picked sets the days; unticked, the note is for every KPI; in a segment's view, for that segment unless unticked", async () => {
    await openDetail([{ dimension: "region", value: "East" }]);
    click("#note-add");
    await flush();
    expect(text("label:has(#note-this-segment)")).toBe("Only this segment (region: East)");
    const day = document.querySelector<HTMLInputElement>("#note-day")!;
    day.value = "2025-06-12";
    day.dispatchEvent(new Event("change", { bubbles: true }));
    await flush();
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-06-12");
    type("note-text", "East campaign");
    tick("note-this-kpi", false);
    click("#note-save");
    await flush();
    expect(api.noteBook.saves.at(-1)).toEqual([
      null,
      "2025-06-12",
      "East campaign",
      null,
      [{ dimension: "region", value: "East" }],
    ]);
    click("#note-add");
    await flush();
    type("note-text", "For everyone");
    tick("note-this-segment", false);
    click("#note-save");
    await flush();
    expect(api.noteBook.saves.at(-1)?.slice(3)).toEqual(["total_revenue", []]);
  });

  test("Edit opens the note as it is and rewrites it", async () => {
    api.noteBook.notes = [note(4, { filter: [{ dimension: "region", value: "East" }] })];
    await openDetail([{ dimension: "region", value: "East" }]);
    click("#note-edit-4");
    await flush();
    expect(text("#note-form-title")).toBe("Edit note");
    expect(document.querySelector<HTMLInputElement>("#note-days")!.value).toBe("2025-05-01..2025-05-31");
    expect(document.querySelector<HTMLTextAreaElement>("#note-text")!.value).toBe("Price list 2025 live");
    expect(document.querySelector<HTMLInputElement>("#note-this-segment")!.checked).toBe(true);
    type("note-text", "Price list 2025 live in East");
    click("#note-save");
    await flush();
    expect(api.noteBook.saves).toEqual([
      [
        4,
        "2025-05-01..2025-05-31",
        "Price list 2025 live in East",
        "total_revenue",
        [{ dimension: "region", value: "East" }],
      ],
    ]);
    expect(items()).toEqual([
      "1 | 1 – 31 May 2025 | Price list 2025 live in East | Total sales revenue · region: East",
    ]);
    expect(text("#status-text")).toBe("Note saved: 1 – 31 May 2025.");
  });

  test("the core's error shows in the form, which keeps what was typed", async () => {
    await openDetail();
    click("#note-add");
    await flush();
    type("note-days", "2025-13");
    type("note-text", "Typo in the date");
    click("#note-save");
    await flush();
    expect(text("#note-error")).toBe('A note\'s date is YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not "2025-13"');
    expect(document.querySelector("#note-error")!.getAttribute("role")).toBe("alert");
    expect(document.querySelector<HTMLTextAreaElement>("#note-text")!.value).toBe("Typo in the date");
    expect(document.querySelector<HTMLInputElement>("#note-days")!.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("note-days");
    expect(api.noteBook.notes).toEqual([]);
  });

  test("Escape closes the form, not the detail, and the focus goes back to Add note", async () => {
    await openDetail();
    click("#note-add");
    await flush();
    type("note-text", "Never mind");
    document
      .querySelector("#note-text")!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    await flush();
    expect(document.querySelector("#note-form")).toBeNull();
    expect(text("#detail-title")).toBe("Total sales revenue");
    expect(document.activeElement?.id).toBe("note-add");
    expect(api.noteBook.saves).toEqual([]);
  });

  test("Remove asks first; removed, the detail is read again; a failure is said in the Notes", async () => {
    api.noteBook.notes = [note(4), note(6, { start: "2025-06-03", end: "2025-06-03", text: "Webinar" })];
    await openDetail();
    click("#note-remove-4");
    await flush();
    expect(text("#confirm-dialog-title")).toBe("Remove the note of 1 – 31 May 2025?");
    click("#confirm-dialog-cancel");
    await flush();
    expect(api.noteBook.removed).toEqual([]);
    const before = trend();
    click("#note-remove-4");
    await flush();
    click("#confirm-dialog-ok");
    await flush();
    expect(api.noteBook.removed).toEqual([4]);
    expect(items()).toEqual(["1 | 3 Jun 2025 | Webinar | Total sales revenue · everyone"]);
    expect(trend()).not.toBe(before);
    expect(text("#status-text")).toBe("Note removed.");
    // Already gone elsewhere (salescope-cli notes remove): the core's message in the Notes.
    api.noteBook.notes = [];
    click("#note-remove-6");
    await flush();
    click("#confirm-dialog-ok");
    await flush();
    expect(text("#notes-error")).toBe("There is no note 6");
  });
});
