// The words of "Why it moved" and of notes (src/why.ts, src/notes.ts).

import { describe, expect, test } from "vitest";
import type { Note } from "./bindings/Note";
import { daysText, editNoteForm, lastMonth, newNoteForm, noteArgs } from "./notes";
import { segmentName, signedChange, splitDimensions } from "./why";

describe("why it moved", () => {
  test("a part of the change is signed in the KPI's unit; a ratio's in points; what rounds to nothing has no sign", () => {
    expect(signedChange(564000, "currency", "$")).toBe("+$564,000");
    expect(signedChange(-33300, "currency", "€")).toBe("−€33,300");
    expect(signedChange(0.024, "ratio", "$")).toBe("+2.4 pts");
    expect(signedChange(-0.0001, "ratio", "$")).toBe("0.0 pts");
    expect(signedChange(-3.25, "days", "$")).toBe("−3.3 days");
    expect(signedChange(12, "count", "$")).toBe("+12");
    expect(signedChange(0, "count", "$")).toBe("0");
  });

  test("the split dimensions are the detail's breakdowns the data has, in their order", () => {
    const dims = ["rep", "manager", "team", "product"].map((name) => ({ name, values: ["x"] }));
    expect(splitDimensions(dims)).toEqual(["team", "product", "rep"]);
    expect(splitDimensions([{ name: "region", values: [] }])).toEqual([]);
    expect(segmentName("", "sales_team")).toBe("no sales team");
    expect(segmentName("East", "region")).toBe("East");
  });
});

const note: Note = {
  id: 9,
  start: "2024-12-20",
  end: "2025-01-05",
  text: "Holidays",
  kpi: null,
  filter: [],
  source: null,
  updated_at: "",
};

describe("notes", () => {
  test("a new note starts on the period's last month, whole", () => {
    const q = { label: "2024-Q1", kind: "quarter" as const, start: "2024-01-01", end: "2024-03-31" };
    expect(lastMonth({ ...q, to_date: null, elapsed: null })).toBe("2024-03-01..2024-03-31");
    expect(lastMonth({ ...q, end: "2024-02-29", to_date: null, elapsed: null })).toBe("2024-02-01..2024-02-29");
    const f = newNoteForm(null, []);
    expect([f.days, f.thisKpi, f.thisSegment]).toEqual(["", true, false]);
  });

  test("a new note opened from a trend's month starts on that month, and goes back to it when cancelled", () => {
    const q = { label: "2024-Q1", kind: "quarter" as const, start: "2024-01-01", end: "2024-03-31" };
    const f = newNoteForm({ ...q, to_date: null, elapsed: null }, [], "2024-02-01..2024-02-29", "trend-month-1");
    expect([f.days, f.from, f.id]).toEqual(["2024-02-01..2024-02-29", "trend-month-1", null]);
    expect(newNoteForm({ ...q, to_date: null, elapsed: null }, []).from).toBeNull();
  });

  test("days read as the trend's footer says them", () => {
    expect(daysText(note)).toBe("20 Dec 2024 – 5 Jan 2025");
    expect(daysText({ ...note, start: "2025-01-01", end: "2025-01-05" })).toBe("1 – 5 Jan 2025");
    expect(daysText({ ...note, start: "2025-01-20", end: "2025-02-05" })).toBe("20 Jan – 5 Feb 2025");
    expect(daysText({ ...note, start: "2025-01-05", end: "2025-01-05" })).toBe("5 Jan 2025");
  });

  test("a note for everyone edited in a segment's view may be narrowed to it; the form's ticks decide KPI and segment", () => {
    const east = [{ dimension: "region", value: "East" }];
    const f = editNoteForm(note, east);
    expect([f.days, f.thisKpi, f.thisSegment]).toEqual(["2024-12-20..2025-01-05", false, false]);
    expect(noteArgs(f, "win_rate")).toEqual({
      id: 9,
      days: "2024-12-20..2025-01-05",
      text: "Holidays",
      kpi: null,
      filter: [],
    });
    expect(noteArgs({ ...f, thisKpi: true, thisSegment: true, days: " 2025-01-02 " }, "win_rate")).toEqual({
      id: 9,
      days: "2025-01-02",
      text: "Holidays",
      kpi: "win_rate",
      filter: east,
    });
  });
});
