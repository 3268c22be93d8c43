// Why a KPI moved, in the window's words: the comparisons offered, the
// dimensions a change can be split by, each segment's part of the change in
// the KPI's unit, and the panel's state. Pure functions, tested in why.test.ts.

import type { Dimension } from "./bindings/Dimension";
import type { Error as CoreError } from "./bindings/Error";
import type { Explanation } from "./bindings/Explanation";
import type { Unit } from "./bindings/Unit";
import type { Versus } from "./bindings/Versus";
import type { Why } from "./bindings/Why";
import { formatKpi } from "./view";

/** The "Why it moved" panel of a KPI's detail. */
export interface WhyPanel {
  /** The KPI the pickers are for: another KPI starts again from the dimension that explains most. */
  kpi: string | null;
  versus: Versus;
  /** The dimension to split by; null: the one that explains most. */
  by: string | null;
  answer: Why | null;
  /** The view (period and filter, appstate's viewKey) the answer is for. */
  view: string | null;
  error: CoreError | null;
  /** The question last asked (data, view, KPI, comparison, dimension); not asked again while it holds. */
  asked: string | null;
  busy: boolean;
  /** Each question bumps this; answers to older ones are dropped. */
  seq: number;
}

export const NO_WHY: WhyPanel = {
  kpi: null,
  versus: "previous",
  by: null,
  answer: null,
  view: null,
  error: null,
  asked: null,
  busy: false,
  seq: 0,
};

/** The comparisons, as the picker offers them. */
export const VERSUS: [Versus, string][] = [
  ["previous", "The previous period"],
  ["previous_to_date", "The previous period to date"],
  ["year_ago", "A year ago"],
  ["goal", "The goal"],
];

/** The dimensions a change is split by, as the detail's breakdowns (the core's BREAKDOWN_DIMENSIONS). */
export const SPLIT_DIMENSIONS = ["team", "region", "product", "rep"];

/** Those of the split dimensions the data has. */
export function splitDimensions(dims: Dimension[]): string[] {
  return SPLIT_DIMENSIONS.filter((d) => dims.some((x) => x.name === d && x.values.length > 0));
}

export const dimName = (d: string) => d.replace(/_/g, " ");

const points = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A change in the KPI's unit, signed: `+$564,000`, `−$33,300`; a ratio's in points, `+2.4 pts`. */
export function signedChange(v: number, unit: Unit, currency: string): string {
  const size = unit === "ratio" ? `${points.format(Math.abs(v) * 100)} pts` : formatKpi(Math.abs(v), unit, currency);
  // What rounds to nothing has no sign.
  if (!/[1-9]/.test(size)) return size;
  return `${v > 0 ? "+" : "−"}${size}`;
}

/** The segment as a person reads it: records without a value are "no team". */
export function segmentName(segment: string, dimension: string): string {
  return segment === "" ? `no ${dimName(dimension)}` : segment;
}

/** Which dimension the change is split by, and why that one; null when it is not split. */
export function splitText(e: Explanation): string | null {
  if (e.dimension === null || e.contributions.length === 0) return null;
  const dim = dimName(e.dimension);
  return e.dimension_chosen ? `Split by ${dim}, the dimension that explains most.` : `Split by ${dim}.`;
}

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** Why there is no split, as a sentence. */
export function reasonText(reason: string): string {
  return `${cap(reason)}${/[.!?]$/.test(reason) ? "" : "."}`;
}
