// The remembered view state and the period and filter rules (switching a
// period's kind is the core's: see app.test.ts for the window asking it).

import { describe, expect, test } from "vitest";
import type { PeriodInfo } from "./bindings/PeriodInfo";
import { customRange, DEFAULTS, filterText, load, periodText, STORAGE_KEY, toggleFilter } from "./state";

const q3: PeriodInfo = {
  label: "2025-Q3",
  kind: "quarter",
  start: "2025-07-01",
  end: "2025-09-30",
  to_date: null,
  elapsed: null,
};

describe("period", () => {
  test("a custom range needs two dates in order", () => {
    expect(customRange("2025-01-15", "2025-02-28")).toEqual({ period: "2025-01-15..2025-02-28" });
    expect(customRange("2025-03-01", "2025-02-28")).toEqual({ error: "The range ends before it starts." });
    expect(customRange("", "2025-02-28")).toEqual({ error: "Choose both dates of the range." });
  });

  test("a period in words, to date when in progress", () => {
    expect(periodText(q3)).toBe("1 Jul – 30 Sep 2025");
    expect(periodText({ ...q3, start: "2024-12-01", end: "2025-02-28", to_date: "2025-01-10" })).toBe(
      "1 Dec 2024 – 28 Feb 2025, to 10 Jan",
    );
  });
});

describe("filters", () => {
  test("ticking adds a value, ticking again takes it out; values of a dimension are listed together", () => {
    let f = toggleFilter([], "region", "West");
    f = toggleFilter(f, "team", "SMB");
    f = toggleFilter(f, "region", "East");
    expect(f).toEqual([
      { dimension: "region", value: "East" },
      { dimension: "region", value: "West" },
      { dimension: "team", value: "SMB" },
    ]);
    expect(filterText(f)).toBe("region: East, West · team: SMB");
    expect(toggleFilter(f, "region", "West")).toEqual([
      { dimension: "region", value: "East" },
      { dimension: "team", value: "SMB" },
    ]);
    expect(filterText([])).toBe("All records");
    expect(filterText([{ dimension: "sales_region", value: "" }])).toBe("sales region: (blank)");
  });
});

describe("remembered state", () => {
  const store = (v: string | null) => ({ getItem: (k: string) => (k === STORAGE_KEY ? v : null) });
  test("what was saved comes back", () => {
    const saved = {
      route: { view: "kpi", kpi: "win_rate" },
      period: "2025-07",
      filter: [{ dimension: "rep", value: "Ann" }],
    };
    expect(load(store(JSON.stringify(saved)))).toEqual(saved);
  });
  test("missing, damaged or foreign state gives the defaults, keeping what is sound", () => {
    expect(load(store(null))).toEqual(DEFAULTS);
    expect(load(store("{not json"))).toEqual(DEFAULTS);
    expect(
      load(
        store(
          JSON.stringify({
            route: { view: "admin" },
            period: 7,
            filter: [{ dimension: 1 }, { dimension: "team", value: "SMB" }],
          }),
        ),
      ),
    ).toEqual({
      route: { view: "scorecard" },
      period: null,
      filter: [{ dimension: "team", value: "SMB" }],
    });
  });
});
