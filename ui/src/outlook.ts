// The Outlook view's words and rules, as pure functions: what-if rates read
// from what the user typed (40% -> 0.4, 30k -> 30000), today's rates kept
// while what-ifs hide them, and the sentences about the figures (tested in
// outlook.test.ts).

import type { Outlook } from "./bindings/Outlook";
import type { PlanRates } from "./bindings/PlanRates";
import type { WhatIf } from "./bindings/WhatIf";
import { formatAttainment, formatKpi } from "./view";

/** A rate of the plan. */
export type Rate = keyof WhatIf;

export const RATES: Rate[] = ["average_deal_size", "win_rate", "lead_conversion_rate"];

/** The what-if rates as typed ("" for none). */
export type WhatIfText = Record<Rate, string>;

export const NO_WHAT_IF: WhatIfText = { win_rate: "", average_deal_size: "", lead_conversion_rate: "" };

export const RATE_NAMES: Record<Rate, string> = {
  win_rate: "win rate",
  average_deal_size: "average deal size",
  lead_conversion_rate: "lead conversion rate",
};

type Parsed = { value: number | null } | { error: string };

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

/** A percent as typed: `40%`, `40` or `12.5 %` -> 0.4, 0.4, 0.125; empty -> null. */
export function parsePercent(text: string, name: string): Parsed {
  const t = text.trim().replace(/%$/, "").trim();
  if (t === "") return { value: null };
  if (!NUMBER.test(t)) return { error: `Type the ${name} as a percent, such as 40%.` };
  const n = Number(t);
  if (!(n > 0 && n <= 100)) return { error: `The ${name} is a percent above 0 and at most 100.` };
  return { value: n / 100 };
}

/** An amount as typed: `30000`, `30,000`, `$30,000`, `30k`, `1.2m`; empty -> null. */
export function parseMoney(text: string, name: string, currency = "$"): Parsed {
  let t = text
    .trim()
    .split(currency)
    .join("")
    .replace(/[$€£¥,\s]/g, "");
  if (t === "") return { value: null };
  let scale = 1;
  const suffix = t.slice(-1).toLowerCase();
  if (suffix === "k" || suffix === "m") {
    scale = suffix === "k" ? 1000 : 1_000_000;
    t = t.slice(0, -1);
  }
  if (!NUMBER.test(t)) return { error: `Type the ${name} as an amount, such as 30,000 or 30k.` };
  const n = Number(t) * scale;
  if (!(n > 0)) return { error: `The ${name} is an amount above 0.` };
  return { value: n };
}

export interface WhatIfRead {
  whatIf: WhatIf;
  /** What is wrong with a field, by rate. */
  errors: Partial<Record<Rate, string>>;
}

/** The what-ifs the typed text gives, and what is wrong with it. */
export function readWhatIf(t: WhatIfText, currency = "$"): WhatIfRead {
  const whatIf: WhatIf = { win_rate: null, average_deal_size: null, lead_conversion_rate: null };
  const errors: Partial<Record<Rate, string>> = {};
  for (const r of RATES) {
    const p = r === "average_deal_size" ? parseMoney(t[r], RATE_NAMES[r], currency) : parsePercent(t[r], RATE_NAMES[r]);
    if ("error" in p) errors[r] = p.error;
    else whatIf[r] = p.value;
  }
  return { whatIf, errors };
}

/** Today's rates (history, no what-ifs) for the view `key` they were read for. */
export interface TodayRates {
  key: string;
  rates: PlanRates;
}

/**
 * Today's rates after an answer for the view `key`: each rate the answer
 * did not replace by a what-if, else the one known before for the same view.
 */
export function todayRates(before: TodayRates | null, key: string, o: Outlook): TodayRates {
  const rates: PlanRates = { win_rate: null, average_deal_size: null, lead_conversion_rate: null };
  for (const r of RATES) {
    if (!o.plan.what_if.includes(r)) rates[r] = o.plan.rates[r];
    else if (before !== null && before.key === key) rates[r] = before.rates[r];
  }
  return { key, rates };
}

/** A rate as the plan says it: `29.2%`, `$20,409`. */
export function rateText(r: Rate, v: number | null, currency = "$"): string {
  return formatKpi(v, r === "average_deal_size" ? "currency" : "ratio", currency);
}

/** What the open deals are weighed by, in words. */
export function weightingText(w: string): string {
  switch (w) {
    case "probability":
      return "each deal's probability";
    case "win_rate":
      return "the win rate of the 12 months before";
    case "probability_and_win_rate":
      return "each deal's probability, or the win rate where a deal has none";
    default:
      return w.replace(/_/g, " ");
  }
}

/** How a period that is over ended against its goal, in one sentence. */
export function endedText(o: Outlook, currency = "$"): string {
  const money = (v: number) => formatKpi(v, "currency", currency);
  const head = `${o.period.label} is over: it closed ${money(o.closed)}`;
  if (o.goal === null) return `${head}, and this view had no revenue goal.`;
  const diff = o.closed - o.goal;
  const att = o.goal > 0 ? `${formatAttainment(o.closed / o.goal)} of the goal, ` : "";
  const by = diff >= 0 ? `${money(diff)} above it` : `${money(-diff)} short of it`;
  return `${head} against a goal of ${money(o.goal)}: ${att}${by}.`;
}

/** The forecast categories, in the order they count towards the goal. */
export const CATEGORIES = ["closed", "commit", "best_case", "pipeline", "omitted"] as const;

export const CATEGORY_NAMES: Record<string, string> = {
  closed: "Closed",
  commit: "Commit",
  best_case: "Best case",
  pipeline: "Pipeline",
  omitted: "Omitted",
};

/** The id of a stage's category list (Goals view). */
export function stageId(label: string): string {
  return `stage-category-${label.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
