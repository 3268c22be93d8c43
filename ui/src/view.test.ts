import { describe, expect, test } from "vitest";
import type { Error as CoreError } from "./bindings/Error";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { SheetReport } from "./bindings/SheetReport";
import {
  columnTypeText,
  dropPrompt,
  hasReport,
  outcomeTone,
  errorView,
  formatCount,
  formatKpi,
  formatTarget,
  formatWhen,
  locationText,
  outcomeSummary,
  progressView,
  sheetSummary,
  showEmptyState,
  skippedText,
  warningText,
  warningsHeading,
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
  notes: [],
};

describe("numbers and times", () => {
  test("counts get thousands separators", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
  test("KPI values in their unit; small amounts keep their cents", () => {
    expect(formatKpi(3293900, "currency")).toBe("$3,293,900");
    expect(formatKpi(1234.56, "currency", "€")).toBe("€1,235");
    expect(formatKpi(143.5, "currency")).toBe("$143.50");
    expect(formatKpi(0.12, "currency")).toBe("$0.12");
    expect(formatKpi(150, "currency")).toBe("$150");
    expect(formatKpi(-20.25, "currency_per_day")).toBe("-$20.25/day");
    expect(formatKpi(0.307, "ratio")).toBe("30.7%");
    expect(formatKpi(37.66, "days")).toBe("37.7 days");
    expect(formatKpi(3.2, "multiple")).toBe("3.2×");
    expect(formatKpi(null, "count")).toBe("—");
  });
  test("numbers in inputs read back by the core: 0.07 is 7%, never 7.000000000000001%", () => {
    expect(formatTarget(0.07, "ratio")).toBe("7%");
    expect(formatTarget(0.255, "ratio")).toBe("25.5%");
    expect(formatTarget(0.9, "ratio")).toBe("90%");
    expect(formatTarget(1.2345, "ratio")).toBe("123.45%");
    expect(formatTarget(250000, "currency")).toBe("250,000");
    expect(formatTarget(1250000.5, "currency")).toBe("1,250,000.5");
    expect(formatTarget(0.1 + 0.2, "count")).toBe("0.3");
    expect(formatTarget(12.5, "days")).toBe("12.5");
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
    expect(
      progressView({ file: "a.csv", sheet: null, stage: "analysing", rows_done: 4096, rows_total: null }).label,
    ).toBe("Reading a.csv: 4,096 rows");
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
  test("columns show their type, currency and cells that did not fit", () => {
    const col = {
      letter: "E",
      header: "Amount",
      column_type: "money",
      role: "amount",
      currency: null,
      filled: 5,
      mismatches: 0,
    } as const;
    expect(columnTypeText(col)).toBe("money");
    expect(columnTypeText({ ...col, currency: "$" })).toBe("money ($)");
    expect(columnTypeText({ ...col, column_type: "date", mismatches: 1 })).toBe("date, 1 cell kept as text");
    expect(columnTypeText({ ...col, column_type: "date", mismatches: 1200 })).toBe("date, 1,200 cells kept as text");
  });
  test("warnings say row and column inside their sheet", () => {
    const location = { file: "q3.xlsx", sheet: "Deals", row: 12, column: 'C "Close Date"' };
    expect(warningText({ location, message: '"soon" is not a date; kept as text' })).toBe(
      'row 12, column C "Close Date": "soon" is not a date; kept as text',
    );
    expect(warningText({ location: { ...location, row: null, column: null }, message: "3 stages unknown" })).toBe(
      'q3.xlsx, sheet "Deals": 3 stages unknown',
    );
    const warnings = [{ location, message: "x" }];
    expect(warningsHeading({ ...sheet, warning_count: 1, warnings })).toBe("1 warning:");
    expect(warningsHeading({ ...sheet, warning_count: 45, warnings })).toBe("45 warnings, the first 1:");
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
    expect(outcomeSummary({ reports: [], errors: [], cancelled: true })).toBe(
      "Import cancelled; nothing from the file in progress was saved",
    );
    expect(outcomeSummary({ ...o, errors: [], cancelled: true })).toBe(
      "1 file imported, 12,350 rows; import cancelled; nothing from the file in progress was saved",
    );
    expect(outcomeSummary({ reports: [], errors: o.errors, cancelled: false })).toBe("1 file could not be imported");
    expect(outcomeSummary({ reports: [], errors: [], cancelled: false })).toBe("Nothing was imported");
  });
  test("a failed file warns, a cancel is neutral news, an import is a success", () => {
    const report: ImportReport = {
      file: "a.csv",
      format: "csv",
      encoding: "UTF-8",
      delimiter: ",",
      sheets: [sheet],
      skipped_sheets: [],
      elapsed_ms: 4,
    };
    const error: CoreError = { code: "no_table", message: "no table", location: null };
    expect(outcomeTone({ reports: [report], errors: [], cancelled: false })).toBe("ok");
    expect(outcomeTone({ reports: [report], errors: [error], cancelled: false })).toBe("warn");
    expect(outcomeTone({ reports: [], errors: [], cancelled: true })).toBe("info");
    expect(outcomeTone({ reports: [], errors: [], cancelled: false })).toBe("warn");
    expect(hasReport({ reports: [], errors: [], cancelled: true })).toBe(false);
    expect(hasReport({ reports: [], errors: [error], cancelled: false })).toBe(true);
  });
  test("the drop zone says how many files it will import", () => {
    expect(dropPrompt(1, false)).toBe("Drop the file to import it");
    expect(dropPrompt(3, false)).toBe("Drop 3 files to import them");
    expect(dropPrompt(2, true)).toBe("Wait for the running import to finish");
  });
  test("the welcome card shows only when empty and idle", () => {
    expect(showEmptyState([], false)).toBe(true);
    expect(showEmptyState([], true)).toBe(false);
  });
});
