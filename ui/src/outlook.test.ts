// The Outlook's rules as pure functions: what-ifs read from typed text,
// today's rates kept while what-ifs hide them, and the sentences.

import { describe, expect, test } from "vitest";
import { endedText, parseMoney, parsePercent, readWhatIf, todayRates, weightingText } from "./outlook";
import { outlookOf } from "./testing/outlook";
import { formatTarget } from "./view";

const none = { win_rate: null, average_deal_size: null, lead_conversion_rate: null };

describe("what-if rates as typed", () => {
  test("a percent reads with or without its sign; empty is no what-if", () => {
    expect(parsePercent("40%", "win rate")).toEqual({ value: 0.4 });
    expect(parsePercent(" 40 ", "win rate")).toEqual({ value: 0.4 });
    expect(parsePercent("12.5 %", "win rate")).toEqual({ value: 0.125 });
    expect(parsePercent("", "win rate")).toEqual({ value: null });
    expect(parsePercent("  ", "win rate")).toEqual({ value: null });
  });

  test("a percent that is not one, or out of 0..100, says how to type it", () => {
    expect(parsePercent("forty", "win rate")).toEqual({ error: "Type the win rate as a percent, such as 40%." });
    expect(parsePercent("4.0.1", "win rate")).toEqual({ error: "Type the win rate as a percent, such as 40%." });
    expect(parsePercent("-5%", "win rate")).toEqual({ error: "Type the win rate as a percent, such as 40%." });
    expect(parsePercent("0", "win rate")).toEqual({ error: "The win rate is a percent above 0 and at most 100." });
    expect(parsePercent("150%", "win rate")).toEqual({ error: "The win rate is a percent above 0 and at most 100." });
  });

  test("an amount reads with grouping, a currency sign, k or m", () => {
    expect(parseMoney("30000", "average deal size")).toEqual({ value: 30000 });
    expect(parseMoney("$30,000", "average deal size")).toEqual({ value: 30000 });
    expect(parseMoney("30k", "average deal size")).toEqual({ value: 30000 });
    expect(parseMoney("1.2M", "average deal size")).toEqual({ value: 1200000 });
    expect(parseMoney("EUR 25,000", "average deal size", "EUR")).toEqual({ value: 25000 });
    expect(parseMoney("", "average deal size")).toEqual({ value: null });
    expect(parseMoney("0", "average deal size")).toEqual({ error: "The average deal size is an amount above 0." });
    expect(parseMoney("lots", "average deal size")).toEqual({
      error: "Type the average deal size as an amount, such as 30,000 or 30k.",
    });
  });

  test("the three fields give the what-ifs, and say which field is wrong", () => {
    expect(readWhatIf({ win_rate: "40%", average_deal_size: "", lead_conversion_rate: "x" })).toEqual({
      whatIf: { win_rate: 0.4, average_deal_size: null, lead_conversion_rate: null },
      errors: { lead_conversion_rate: "Type the lead conversion rate as a percent, such as 40%." },
    });
  });
});

describe("today's rates", () => {
  test("a rate a what-if replaces stays as it was for the same view, and is unknown for another", () => {
    const first = todayRates(null, "q2", outlookOf("2025-Q2", none));
    expect(first.rates).toEqual({ win_rate: 0.25, average_deal_size: 20000, lead_conversion_rate: 0.1 });
    const withWhatIf = outlookOf("2025-Q2", { ...none, win_rate: 0.4 });
    expect(todayRates(first, "q2", withWhatIf).rates.win_rate).toBe(0.25);
    expect(todayRates(first, "q3", withWhatIf).rates).toEqual({
      win_rate: null,
      average_deal_size: 20000,
      lead_conversion_rate: 0.1,
    });
  });
});

describe("words", () => {
  test("a period that is over says how it ended against the goal", () => {
    const o = outlookOf("2025-Q1", none);
    expect(endedText(o)).toBe(
      "2025-Q1 is over: it closed $600,000 against a goal of $1,000,000: 60% of the goal, $400,000 short of it.",
    );
    expect(endedText({ ...o, closed: 1100000 })).toBe(
      "2025-Q1 is over: it closed $1,100,000 against a goal of $1,000,000: 110% of the goal, $100,000 above it.",
    );
    expect(endedText({ ...o, goal: null })).toBe(
      "2025-Q1 is over: it closed $600,000, and this view had no revenue goal.",
    );
  });

  test("what the weighted figure weighs open deals by", () => {
    expect(weightingText("probability")).toBe("each deal's probability");
    expect(weightingText("probability_and_win_rate")).toBe(
      "each deal's probability, or the win rate where a deal has none",
    );
  });

  test("a pipeline coverage goal shows in an input as 3x, which the core reads back", () => {
    expect(formatTarget(3, "multiple")).toBe("3x");
    expect(formatTarget(2.5, "multiple")).toBe("2.5x");
  });
});
