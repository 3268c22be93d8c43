// The trend's months in the window's words (src/trend.ts).

import { describe, expect, test } from "vitest";
import type { ChartRegion } from "./bindings/ChartRegion";
import { trendRegions } from "./testing/detail";
import {
  activeMonth,
  defaultMonth,
  hasValue,
  monthBox,
  monthLabel,
  monthNotes,
  NO_TREND,
  percent,
  shownMonth,
  stepMonth,
  tipBox,
} from "./trend";

const region = (over: Partial<ChartRegion> = {}): ChartRegion => ({
  x: 0.07,
  y: 0.1,
  w: 0.075,
  h: 0.7,
  label: "Nov 2025",
  days: "2025-11-01..2025-11-30",
  text: "Nov 2025: 1,101,850 (goal 1,193,152)",
  ...over,
});

describe("trend months", () => {
  test("a month sits where the picture draws it, in percentages that scale with it", () => {
    expect(percent(0.07 + 11 * 0.075)).toBe("89.5%");
    expect(percent(1 / 3)).toBe("33.333%");
    expect(monthBox(region())).toEqual({ left: "7%", top: "10%", width: "7.5%", height: "70%" });
  });

  test("its tooltip goes beside it, towards the middle of the picture", () => {
    expect(tipBox(region())).toEqual({ left: "14.5%", top: "10%" });
    expect(tipBox(region({ x: 0.82 }))).toEqual({ right: "18%", top: "10%" });
  });

  test("a screen reader hears the value and goal, then the notes", () => {
    expect(monthLabel(region())).toBe("Nov 2025: 1,101,850 (goal 1,193,152)");
    const one = region({ text: "Nov 2025: 1,101,850 (goal 1,193,152)\n(2) 3 Nov 2025: Price list 2026 announced" });
    expect(monthNotes(one)).toEqual(["(2) 3 Nov 2025: Price list 2026 announced"]);
    expect(monthLabel(one)).toBe(
      "Nov 2025: 1,101,850 (goal 1,193,152). Note: (2) 3 Nov 2025: Price list 2026 announced",
    );
    const two = region({ text: "Nov 2025: 1,101,850\n(2) 3 Nov 2025: Price list\n(3) 20 Nov 2025: Webinar" });
    expect(monthLabel(two)).toBe("Nov 2025: 1,101,850. Notes: (2) 3 Nov 2025: Price list; (3) 20 Nov 2025: Webinar");
    expect(monthNotes(region())).toEqual([]);
  });

  test("the keyboard starts on the last month with a value, else the last; then on the one it was on", () => {
    const months = trendRegions([], [5, 6, null, null]);
    expect(months.map(hasValue)).toEqual([true, true, false, false]);
    expect(defaultMonth(months)).toBe(1);
    expect(defaultMonth(trendRegions([], [null, null]))).toBe(1);
    expect(defaultMonth([])).toBe(-1);
    expect(activeMonth(months, NO_TREND)).toBe(1);
    expect(activeMonth(months, { ...NO_TREND, active: "2024-07-01..2024-07-31" })).toBe(0);
    // A month the trend no longer has (another period): the default again.
    expect(activeMonth(months, { ...NO_TREND, active: "2023-01-01..2023-01-31" })).toBe(1);
    expect(shownMonth(months, NO_TREND)).toBe(-1);
    expect(shownMonth(months, { ...NO_TREND, shown: "2024-09-01..2024-09-30" })).toBe(2);
  });

  test("Left, Right, Home and End move between months, stopping at the ends", () => {
    expect([stepMonth(5, "ArrowLeft", 12), stepMonth(5, "ArrowRight", 12)]).toEqual([4, 6]);
    expect([stepMonth(0, "ArrowLeft", 12), stepMonth(11, "ArrowRight", 12)]).toEqual([0, 11]);
    expect([stepMonth(5, "Home", 12), stepMonth(5, "End", 12)]).toEqual([0, 11]);
    expect([stepMonth(5, "ArrowUp", 12), stepMonth(5, "a", 12), stepMonth(0, "End", 0)]).toEqual([null, null, null]);
  });
});
