// The import wizard's rules over the core's preview.

import { describe, expect, test } from "vitest";
import type { Preview } from "./bindings/Preview";
import * as wz from "./wizard";

const table = (kind: "deals" | null): NonNullable<Preview["table"]> => ({
  header_row: 3,
  columns: [
    { letter: "A", header: "Owner", column_type: "text", currency: null, role: "rep", odd: 0 },
    { letter: "B", header: "Value", column_type: "money", currency: "$", role: "amount", odd: 0 },
    { letter: "C", header: "Stage", column_type: "text", currency: null, role: "stage", odd: 0 },
  ],
  rows: [],
  rows_read: 10,
  complete: true,
  kind,
  kind_reason: kind === null ? "no record kind recognised" : null,
  remembered: false,
  roles: [
    { role: "amount", required: true, holds: "number" },
    { role: "stage", required: true, holds: "text" },
    { role: "rep", required: false, holds: "text" },
  ],
  missing: [],
  targets: null,
  quota: false,
});

const workbook: Preview = {
  file: "q3.xlsx",
  format: "xlsx",
  encoding: null,
  delimiter: null,
  sheets: [
    { name: "Deals", note: null },
    { name: "Chart1", note: "a chart sheet, no cells" },
    { name: "Notes", note: null },
  ],
  sheet: "Deals",
  skipped: null,
  table: table("deals"),
  imported_as: null,
};

describe("roles", () => {
  test("a role belongs to one column: giving it to another takes it from the first", () => {
    let w = wz.start(1, workbook);
    w = wz.setRole(w, "Owner", "amount");
    expect(wz.currentRoles(w)).toEqual(["amount", null, "stage"]);
    expect(wz.missing(w)).toEqual([]);
    w = wz.setRole(w, "Stage", null);
    expect(wz.missing(w)).toEqual(["stage"]);
    expect(wz.blocker(w)).toBe("Choose a column for stage.");
  });
});

describe("sheets", () => {
  test("sheets that can hold records start ticked; the chart sheet cannot be", () => {
    const w = wz.start(1, workbook);
    expect(wz.included(w)).toEqual(["Deals", "Notes"]);
    expect(wz.blocker(wz.setIncluded(wz.setIncluded(w, "Deals", false), "Notes", false))).toBe(
      "Tick at least one sheet to import.",
    );
  });

  test("the targets beside the actuals are imported as goals only when ticked", () => {
    const w = wz.start(1, workbook);
    expect(wz.options(w).with_targets).toBe(false);
    expect(wz.options({ ...w, withTargets: true }).with_targets).toBe(true);
  });

  test("the options carry the shown sheet's mapping in full and the ticked sheets", () => {
    let w = wz.start(1, workbook);
    w = wz.setIncluded(w, "Notes", false);
    w = wz.setRole(w, "Owner", null);
    expect(wz.options(w)).toEqual({
      sheet: null,
      kind: null,
      replace: false,
      roles: {},
      sheets: ["Deals"],
      mappings: { Deals: { kind: "deals", roles: { Owner: null, Value: "amount", Stage: "stage" } } },
      replaces: null,
      with_targets: false,
      quota_kpi: null,
    });
    expect(wz.changed(w)).toBe(true);
  });

  test("a sheet with no recognised kind blocks until the user says what the rows are", () => {
    const w = wz.start(1, { ...workbook, table: table(null) });
    expect(wz.blocker(w)).toBe("Choose what the rows are (the record kind).");
    // Unticked, it no longer blocks.
    expect(wz.blocker(wz.setIncluded(w, "Deals", false))).toBeNull();
  });
});

test("rows per second from two readings", () => {
  expect(wz.rate(1000, 0, 26000, 500)).toBe(50000);
  expect(wz.rate(1000, 500, 2000, 500)).toBeNull();
  expect(wz.rate(5000, 0, 10, 100)).toBeNull();
});
