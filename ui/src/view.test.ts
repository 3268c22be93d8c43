import { describe, expect, test } from "vitest";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { SheetReport } from "./bindings/SheetReport";
import {
  errorView,
  formatCount,
  formatWhen,
  locationText,
  outcomeSummary,
  progressView,
  sheetSummary,
  showEmptyState,
  skippedText,
} from "./view";

const sheet: SheetReport = {
  dataset_id: 3,
  sheet: "Deals",
  kind: "deals",
  header_row: 4,
  rows_imported: 12345,
  skipped: [],
  columns: [],
  warning_count: 0,
  warnings: [],
  unknown_stages: [],
  already_imported: false,
};

describe("numbers and times", () => {
  test("counts get thousands separators", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
  test("import times read as a date and a time", () => {
    expect(formatWhen("2026-11-23T14:05:09Z", "UTC")).toBe("23 Nov 2026, 14:05");
    expect(formatWhen("2026-11-23T14:05:09Z", "Europe/Paris")).toBe("23 Nov 2026, 15:05");
    expect(formatWhen("not a time", "UTC")).toBe("not a time");
  });
});

describe("errors say what, where and what next", () => {
  test("an import error names file, sheet, row and column", () => {
    const v = errorView({
      code: "missing_column",
      message: "an orders sheet needs a column for order date",
      location: { file: "q3.xlsx", sheet: "Orders", row: 4, column: null },
    });
    expect(v.title).toBe("An orders sheet needs a column for order date");
    expect(v.where).toBe('q3.xlsx, sheet "Orders", row 4');
    expect(v.hint).toContain('"Close Date"');
  });
  test("locations match the command line's wording", () => {
    expect(locationText({ file: "a.csv", sheet: null, row: 7, column: 'E "Units"' })).toBe(
      'a.csv, row 7, column E "Units"',
    );
  });
  test("anything else still reads as a message", () => {
    expect(errorView(new Error("boom"))).toEqual({
      title: "boom",
      where: null,
      hint: "Try again; if it keeps happening, restart Salescope.",
    });
  });
});

describe("progress", () => {
  test("known totals give a fraction", () => {
    expect(
      progressView({ file: "deals.csv", sheet: null, stage: "writing", rows_done: 2500, rows_total: 10000 }),
    ).toEqual({ label: "Importing deals.csv: 2,500 of 10,000 rows", fraction: 0.25 });
  });
  test("an unknown total is indeterminate", () => {
    expect(
      progressView({ file: "big.xlsx", sheet: "Orders", stage: "writing", rows_done: 40960, rows_total: null }),
    ).toEqual({ label: "Importing big.xlsx · Orders: 40,960 rows", fraction: null });
    expect(progressView({ file: "a.csv", sheet: null, stage: "analysing", rows_done: 4096, rows_total: null }).label).toBe(
      "Reading a.csv: 4,096 rows",
    );
  });
});

describe("reports", () => {
  test("sheet and skipped rows", () => {
    expect(sheetSummary(sheet)).toBe("Deals: 12,345 rows of deals imported (header on row 4)");
    expect(sheetSummary({ ...sheet, already_imported: true })).toBe(
      "Deals: already imported as dataset 3; nothing was added",
    );
    expect(skippedText({ reason: "blank row", count: 1, rows: [8] })).toBe("1 row skipped: blank row (row 8)");
    expect(skippedText({ reason: "no created date", count: 12, rows: [2, 3] })).toBe(
      "12 rows skipped: no created date (rows 2, 3, …)",
    );
  });
  test("a batch summary counts files and rows", () => {
    const o: ImportOutcome = {
      reports: [
        {
          file: "a.xlsx",
          format: "xlsx",
          encoding: null,
          delimiter: null,
          sheets: [sheet, { ...sheet, rows_imported: 5 }],
          skipped_sheets: [],
          elapsed_ms: 10,
        },
      ],
      errors: [{ code: "unreadable", message: "damaged", location: null }],
      cancelled: false,
    };
    expect(outcomeSummary(o)).toBe("1 file imported, 12,350 rows; 1 file could not be imported");
    expect(outcomeSummary({ reports: [], errors: [], cancelled: true })).toBe("cancelled; nothing more was imported");
  });
  test("the welcome card shows only when empty and idle", () => {
    expect(showEmptyState([], false)).toBe(true);
    expect(showEmptyState([], true)).toBe(false);
  });
});
