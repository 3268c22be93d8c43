// Notes in the window's words: a note's days, scope and segment as the
// Notes list says them, and the note form (a new note starts on the view's
// last month, or on the trend's month it was opened from, for this KPI and
// the view's segment). Pure functions, tested in why.test.ts.

import type { FilterPair } from "./bindings/FilterPair";
import type { Note } from "./bindings/Note";
import type { PeriodInfo } from "./bindings/PeriodInfo";
import * as st from "./state";

/** What the note form holds, as typed. */
export interface NoteFields {
  /** `2025-12-05` or `2025-12-01..2025-12-31`, read by the core. */
  days: string;
  text: string;
  /** "This KPI only": else the note is for every KPI. */
  thisKpi: boolean;
  /** "Only this segment": the note keeps `filter`, else it is for everyone. */
  thisSegment: boolean;
}

export interface NoteForm extends NoteFields {
  /** The note edited; null for a new one. */
  id: number | null;
  /** The segment "only this segment" means: the view's for a new note, the note's own when edited. */
  filter: FilterPair[];
  /** Why the core did not save it, shown in the form. */
  error: string | null;
  busy: boolean;
  /** The control that opened it, where the focus goes back when it is cancelled (an id); null: Add note, or the note's Edit. */
  from: string | null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The last month of a period as a range: `2025-12-01..2025-12-31`. */
export function lastMonth(p: PeriodInfo): string {
  const [y = 1970, m = 1] = p.end.split("-").map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-01..${y}-${pad(m)}-${pad(days)}`;
}

/** A note's days as the form writes them. */
export function daysInput(n: Note): string {
  return n.start === n.end ? n.start : `${n.start}..${n.end}`;
}

/** A note's days as people read them, as the core's trend footer: `5 Dec 2025`, `1 – 31 Dec 2025`. */
export function daysText(n: Note): string {
  if (n.start === n.end) return st.dayText(n.start);
  // Within one month, the month once.
  if (n.start.slice(0, 7) === n.end.slice(0, 7)) return `${Number(n.start.slice(8, 10))} – ${st.dayText(n.end)}`;
  return st.daySpan(n.start, n.end);
}

/** Which KPIs a note is about. */
export function scopeText(n: Note, kpiName: (id: string) => string): string {
  return n.kpi === null ? "all KPIs" : kpiName(n.kpi);
}

/** Whose a note is: `everyone`, or `region: East`. */
export function segmentText(n: Note): string {
  return n.filter.length === 0 ? "everyone" : st.filterText(n.filter);
}

/**
 * A new note: on `days` when given (a trend's month), else the view's last
 * month (when known); this KPI, and the view's segment when it has one.
 */
export function newNoteForm(
  period: PeriodInfo | null,
  filter: FilterPair[],
  days: string | null = null,
  from: string | null = null,
): NoteForm {
  return {
    id: null,
    days: days ?? (period === null ? "" : lastMonth(period)),
    text: "",
    thisKpi: true,
    thisSegment: filter.length > 0,
    filter,
    error: null,
    busy: false,
    from,
  };
}

/**
 * A note to edit, as it is. A note for everyone edited in a segment's view
 * may be narrowed to that segment.
 */
export function editNoteForm(n: Note, viewFilter: FilterPair[]): NoteForm {
  return {
    id: n.id,
    days: daysInput(n),
    text: n.text,
    thisKpi: n.kpi !== null,
    thisSegment: n.filter.length > 0,
    filter: n.filter.length > 0 ? n.filter : viewFilter,
    error: null,
    busy: false,
    from: null,
  };
}

/** What save_note is given for the form on `kpi`'s detail. */
export function noteArgs(
  f: NoteForm,
  kpi: string,
): { id: number | null; days: string; text: string; kpi: string | null; filter: FilterPair[] } {
  return {
    id: f.id,
    days: f.days.trim(),
    text: f.text.trim(),
    kpi: f.thisKpi ? kpi : null,
    filter: f.thisSegment ? f.filter : [],
  };
}

/** True for one day as a date input gives it (`2025-12-05`). */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s.trim());
}
