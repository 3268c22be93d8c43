// What the core answers for a KPI's detail, why a KPI moved, and notes,
// faked for the window's tests (src/testing/fake.ts serves them).

import type { ChartRegion } from "../bindings/ChartRegion";
import type { Detail } from "../bindings/Detail";
import type { Explanation } from "../bindings/Explanation";
import type { FilterPair } from "../bindings/FilterPair";
import type { Goal } from "../bindings/Goal";
import type { KpiResult } from "../bindings/KpiResult";
import type { Note } from "../bindings/Note";
import type { Versus } from "../bindings/Versus";
import type { Why } from "../bindings/Why";
import { daysText } from "../notes";

/** A KPI's detail as the core answers it, with `goals` set for it and `notes` on its trend. */
export function detailOf(k: KpiResult, goals: Goal[], notes: Note[] = []): Detail {
  return {
    kpi: k,
    info: {
      id: k.id,
      name: k.name,
      perspective: k.perspective,
      unit: k.unit,
      better: "higher",
      additive: k.unit !== "ratio",
      needs: "deals",
      variants: [{ id: "default", formula: "x" }],
    },
    charts: [
      { spec: `gauge:${k.id}`, svg: `<svg viewBox="0 0 320 180"></svg>`, regions: [] },
      // The trend's markers, as many as its notes; a region per month.
      {
        spec: `trend:${k.id}`,
        svg: `<svg viewBox="0 0 880 300"><g data-notes="${notes.length}"></g></svg>`,
        regions: trendRegions(notes),
      },
    ],
    goals,
    notes,
    currency: "$",
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** The fake trend's monthly revenue, Jul 2024 to Jun 2025; null: no value. */
export const TREND_VALUES: (number | null)[] = [
  812400, 790150, 905300, 1010750, 1101850, 1320400, 640200, 701900, 688350, 812000, 845600, 930250,
];
const money = (v: number) => `$${new Intl.NumberFormat("en-US").format(v)}`;

/**
 * The regions of the fake trend, as the core gives them: the 12 months
 * ending with 2025-06 (the tests' 2025-Q2), side by side over the plot (from
 * 7% of the picture's width, 7.5% each; from 10% of its height, 70% high),
 * each saying its value against a goal of $900,000 and the notes starting
 * in it, numbered as their markers.
 */
export function trendRegions(notes: Note[] = [], values: (number | null)[] = TREND_VALUES): ChartRegion[] {
  return values.map((v, i) => {
    const y = 2024 + Math.floor((6 + i) / 12);
    const m = ((6 + i) % 12) + 1;
    const month = `${y}-${String(m).padStart(2, "0")}`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const label = `${MONTHS[m - 1]} ${y}`;
    const on = notes.flatMap((n, j) => (n.start.startsWith(month) ? [`(${j + 1}) ${daysText(n)}: ${n.text}`] : []));
    return {
      x: 0.07 + i * 0.075,
      y: 0.1,
      w: 0.075,
      h: 0.7,
      label,
      days: `${month}-01..${month}-${last}`,
      text: [`${label}: ${v === null ? "no value" : `${money(v)} (goal $900,000)`}`, ...on].join("\n"),
    };
  });
}

export const goal = (id: number, kpi: string, target: number, period = "2025-Q2"): Goal => ({
  id,
  kpi,
  period,
  filter: [],
  target,
  source: null,
  updated_at: "2026-11-23T14:05:09Z",
});

const BASES: Record<Versus, string> = {
  previous: "2025-Q1",
  previous_to_date: "2025-Q1 to date",
  year_ago: "2024-Q2",
  goal: "the goal",
};

/**
 * Why a KPI moved, as the core answers it: revenue split by team (or `by`)
 * into Enterprise, SMB and records without a team; win rate (a ratio) into
 * rate and mix; new leads not split (its records carry no team).
 */
export function whyOf(kpi: string, versus: Versus, by: string | null, period: string | null = null): Why {
  const dimension = kpi === "new_leads" ? null : (by ?? "team");
  const ratio = kpi === "win_rate";
  const base = BASES[versus];
  const e: Explanation = {
    kpi,
    name: ratio ? "Win rate" : kpi === "new_leads" ? "New leads" : "Total sales revenue",
    unit: ratio ? "ratio" : kpi === "new_leads" ? "count" : "currency",
    period: {
      label: period ?? "2025-Q2",
      kind: "quarter",
      start: period === "2025-Q3" ? "2025-07-01" : "2025-04-01",
      end: period === "2025-Q3" ? "2025-09-30" : "2025-06-30",
      to_date: null,
      elapsed: null,
    },
    versus,
    base_label: base,
    value: ratio ? 0.31 : 95,
    base: ratio ? 0.3 : 80,
    change: ratio ? 0.01 : 15,
    dimension,
    dimension_chosen: by === null && dimension !== null,
    method: dimension === null ? "none" : ratio ? "rate_and_mix" : "difference",
    contributions:
      dimension === null
        ? []
        : ratio
          ? [
              { segment: "SMB", delta: 0.024, rate: 0.03, mix: -0.006 },
              { segment: "Enterprise", delta: -0.014, rate: -0.004, mix: -0.01 },
            ]
          : [
              { segment: "Enterprise", delta: 564000 },
              { segment: "SMB", delta: 47950 },
              { segment: "", delta: -33300 },
            ],
    text: `${kpi} rose vs ${base}${dimension !== null ? ` by ${dimension}` : ""}.`,
    reason: dimension === null ? "the records new leads counts carry no team" : null,
    currency: null,
  };
  return {
    explanation: e,
    chart: {
      spec: `explain:${kpi}${dimension !== null ? `:${dimension}` : ""}`,
      svg: `<svg viewBox="0 0 880 360"></svg>`,
      regions: [],
    },
  };
}

/** The notes of a fake database: what the window saved and removed, and the errors the core gives. */
export class NoteBook {
  notes: Note[] = [];
  saves: [number | null, string, string, string | null, FilterPair[]][] = [];
  removed: number[] = [];
  private next = 1;

  save(id: number | null, days: string, text: string, kpi: string | null, filter: FilterPair[]): Promise<Note> {
    this.saves.push([id, days, text, kpi, filter]);
    const [start = "", end = start] = days.split("..");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end))
      return Promise.reject<never>({
        code: "invalid_argument",
        message: `a note's date is YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not "${days}"`,
        location: null,
      });
    const n: Note = {
      id: id ?? this.next++,
      start,
      end,
      text,
      kpi,
      filter,
      source: null,
      updated_at: "2026-11-23T14:05:09Z",
    };
    this.notes = [...this.notes.filter((x) => x.id !== n.id), n].sort((a, b) => a.start.localeCompare(b.start));
    return Promise.resolve(n);
  }

  remove(id: number): Promise<Note> {
    this.removed.push(id);
    const n = this.notes.find((x) => x.id === id);
    if (n === undefined)
      return Promise.reject<never>({ code: "invalid_argument", message: `there is no note ${id}`, location: null });
    this.notes = this.notes.filter((x) => x.id !== id);
    return Promise.resolve(n);
  }
}
