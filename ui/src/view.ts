// What the window says, as pure functions of the data: counts, KPI values,
// numbers in inputs, errors, progress and reports (tested in view.test.ts).

import type { ColumnReport } from "./bindings/ColumnReport";
import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { Error as CoreError } from "./bindings/Error";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { Location } from "./bindings/Location";
import type { Progress } from "./bindings/Progress";
import type { RecordKind } from "./bindings/RecordKind";
import type { SheetReport } from "./bindings/SheetReport";
import type { SkippedRows } from "./bindings/SkippedRows";
import type { KpiResult } from "./bindings/KpiResult";
import type { Status } from "./bindings/Status";
import type { Unit } from "./bindings/Unit";
import type { Warning } from "./bindings/Warning";

const counts = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 12345 -> "12,345" */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** An RFC 3339 time as "23 Nov 2026, 14:05" in the given (default: local) time zone. */
export function formatWhen(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };
  if (timeZone !== undefined) opts.timeZone = timeZone;
  const parts = new Intl.DateTimeFormat("en-GB", opts).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")}, ${get("hour")}:${get("minute")}`;
}

const KIND_LABELS: Record<RecordKind, string> = {
  deals: "Deals",
  orders: "Orders",
  leads: "Leads",
  activities: "Activities",
  subscriptions: "Subscriptions",
  spend: "Spend",
  targets: "Targets",
  events: "Events (notes)",
  lookup: "Lookup",
};

export function kindLabel(kind: RecordKind): string {
  return KIND_LABELS[kind];
}

/** The same words as the Rust side: `file, sheet "S", row 4, column E "Units"`. */
export function locationText(l: Location): string {
  let s = l.file;
  if (l.sheet !== null) s += `, sheet "${l.sheet}"`;
  if (l.row !== null) s += `, row ${l.row}`;
  if (l.column !== null) s += `, column ${l.column}`;
  return s;
}

const HINTS: Record<ErrorCode, string> = {
  file_not_found: "Check that the file still exists, then import it again.",
  unreadable:
    "Open the file in Excel or LibreOffice, save it again, and import the new copy. A file still downloading or protected by a password cannot be read.",
  unsupported_format: "Salescope reads xlsx, xlsm, xls, xlsb and ods workbooks and CSV or TSV text files.",
  no_table:
    "Salescope needs a sheet with one header row and one record per row below it (deals, orders, leads, activities, spend, targets…), not a pivot or summary report.",
  sheet_not_found: "Choose one of the sheets the file has.",
  missing_column:
    'Choose the column for it in the import wizard\'s Role list, or rename the column in the file so its header says what it holds (for example "Close Date" or "Amount").',
  bad_value: "Correct the value in the file and import it again.",
  too_large: "Split the file into smaller files and import them one by one.",
  cancelled: "Nothing was imported. Import the file again when you are ready.",
  busy: "Wait for the import that is running to finish, or cancel it.",
  dataset_not_found: "The dataset was already removed; the list has been refreshed.",
  invalid_argument: "Check what was asked and try again.",
  database_unusable:
    "Start fresh to begin with an empty database: the old file is kept aside, whole, in the same folder. Or open another Salescope database, such as a backup from the backups folder beside it.",
  database:
    "The database file could not be used. Check that the disk is not full and that no other program holds the file.",
  io: "Check that the disk is not full and that you may write to the folder.",
  render: "Try a smaller size or scale for the picture; if it keeps failing, report the chart and period.",
};

export interface ErrorView {
  title: string;
  where: string | null;
  hint: string;
}

function isCoreError(e: unknown): e is CoreError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** An error in plain words: what happened, where, and what to do next. */
export function errorView(e: unknown): ErrorView {
  if (isCoreError(e)) {
    return {
      title: e.message.charAt(0).toUpperCase() + e.message.slice(1),
      where: e.location === null ? null : locationText(e.location),
      hint: HINTS[e.code],
    };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { title: text, where: null, hint: "Try again; if it keeps happening, restart Salescope." };
}

export interface ProgressView {
  label: string;
  /** 0..1, or null while the total is not known yet. */
  fraction: number | null;
}

export function progressView(p: Progress): ProgressView {
  const where = p.sheet === null ? p.file : `${p.file} · ${p.sheet}`;
  switch (p.stage) {
    case "analysing":
      return { label: `Reading ${where}: ${formatCount(p.rows_done)} rows`, fraction: null };
    case "writing": {
      const total = p.rows_total;
      if (total === null || total === 0) {
        return { label: `Importing ${where}: ${formatCount(p.rows_done)} rows`, fraction: null };
      }
      return {
        label: `Importing ${where}: ${formatCount(p.rows_done)} of ${formatCount(total)} rows`,
        fraction: Math.min(1, p.rows_done / total),
      };
    }
    case "done":
      return { label: `Imported ${where}: ${formatCount(p.rows_done)} rows`, fraction: 1 };
  }
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** One line for a finished batch of imports. */
export function outcomeSummary(o: ImportOutcome): string {
  const rows = o.reports.reduce((sum, r) => sum + r.sheets.reduce((s, sh) => s + sh.rows_imported, 0), 0);
  const parts: string[] = [];
  if (o.reports.length > 0) {
    parts.push(`${plural(o.reports.length, "file", "files")} imported, ${plural(rows, "row", "rows")}`);
  }
  if (o.errors.length > 0) parts.push(`${plural(o.errors.length, "file", "files")} could not be imported`);
  if (o.cancelled) parts.push("import cancelled; nothing from the file in progress was saved");
  if (parts.length === 0) return "Nothing was imported";
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a status line is shown: a success, a failure, or neutral news. */
export type Tone = "ok" | "warn" | "info";

/** A batch with a failed file warns; a cancelled one is neutral; otherwise success. */
export function outcomeTone(o: ImportOutcome): Tone {
  if (o.errors.length > 0) return "warn";
  if (o.cancelled) return "info";
  return o.reports.length > 0 ? "ok" : "warn";
}

/** Whether a batch has a report or an error to show (a bare cancel has neither). */
export function hasReport(o: ImportOutcome): boolean {
  return o.reports.length > 0 || o.errors.length > 0;
}

/** The drop zone's headline while `files` files are dragged over the window. */
export function dropPrompt(files: number, importing: boolean): string {
  if (importing) return "Wait for the running import to finish";
  return files === 1 ? "Drop the file to import it" : `Drop ${formatCount(files)} files to import them`;
}

export function sheetSummary(s: SheetReport): string {
  const name = s.sheet === null ? "" : `${s.sheet}: `;
  if (s.already_imported) {
    return `${name}already imported as dataset ${s.dataset_id}; nothing was added`;
  }
  return `${name}${plural(s.rows_imported, "row", "rows")} of ${s.kind} imported (header on row ${s.header_row})`;
}

export function skippedText(k: SkippedRows): string {
  const more = k.count > k.rows.length ? ", …" : "";
  const rows = k.rows.length === 1 && k.count === 1 ? `row ${k.rows[0]}` : `rows ${k.rows.join(", ")}${more}`;
  return `${plural(k.count, "row", "rows")} skipped: ${k.reason} (${rows})`;
}

/** A column's type as the report shows it: `money ($)`, `date, 3 cells kept as text`. */
export function columnTypeText(c: ColumnReport): string {
  let s: string = c.column_type;
  if (c.currency !== null) s += ` (${c.currency})`;
  if (c.mismatches > 0) s += `, ${plural(c.mismatches, "cell", "cells")} kept as text`;
  return s;
}

/** A warning inside its sheet's report: the row and column, then what is wrong. */
export function warningText(w: Warning): string {
  const at: string[] = [];
  if (w.location.row !== null) at.push(`row ${w.location.row}`);
  if (w.location.column !== null) at.push(`column ${w.location.column}`);
  return `${at.length > 0 ? at.join(", ") : locationText(w.location)}: ${w.message}`;
}

/** Above a sheet's warnings: how many there are, and how many are listed. */
export function warningsHeading(s: SheetReport): string {
  const listed = s.warnings.length;
  const more = s.warning_count > listed ? `, the first ${formatCount(listed)}` : "";
  return `${plural(s.warning_count, "warning", "warnings")}${more}:`;
}

/** The welcome card shows while there is nothing to look at and nothing running. */
export function showEmptyState(datasets: DatasetInfo[], importing: boolean): boolean {
  return datasets.length === 0 && !importing;
}

export function datasetTitle(d: DatasetInfo): string {
  return `${d.name} (${plural(d.rows, "row", "rows")} of ${d.kind})`;
}

const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Whole amounts as they are; an amount under 1,000 with cents keeps them ($143.50, not $144). */
function amount(v: number): string {
  const a = Math.abs(v);
  return a < 1000 && Math.round(a * 100) !== Math.round(a) * 100 ? cents.format(a) : money.format(a);
}

/** A KPI value in its unit: `$1,234,567`, `23.4%`, `12.5 days`, `3.2 h`, `1,234`. */
export function formatKpi(value: number | null, unit: Unit, currency = "$"): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "currency":
      return `${value < 0 ? "-" : ""}${currency}${amount(value)}`;
    case "currency_per_day":
      return `${value < 0 ? "-" : ""}${currency}${amount(value)}/day`;
    case "ratio":
      return `${plain.format(value * 100)}%`;
    case "days":
      return `${plain.format(value)} days`;
    case "hours":
      return `${plain.format(value)} h`;
    case "count":
      return plain.format(value);
    case "multiple":
      return `${plain.format(value)}×`;
  }
}

// What an input shows for a number the core reads back (src-tauri's
// goals::parse_target): en-US grouping, whose commas it drops, never the
// float's noise (0.07 is "7%", not "7.000000000000001%").
const percentInput = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 4, useGrouping: false });
const numberInput = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

/** A goal or threshold as an input shows it: `7%` for a ratio, `250,000` otherwise. */
export function formatTarget(value: number, unit: Unit): string {
  if (unit === "multiple") return `${numberInput.format(value)}x`;
  return unit === "ratio" ? percentInput.format(value) : numberInput.format(value);
}

/** 1.034 -> "103%". */
export function formatAttainment(a: number | null): string {
  return a === null ? "—" : `${Math.round(a * 100)}%`;
}

const STATUS_WORDS: Record<Status, string> = {
  green: "on goal",
  amber: "close to goal",
  red: "behind goal",
  none: "no goal",
};

export function statusText(s: Status): string {
  return STATUS_WORDS[s];
}

/** The tooltip of a KPI: its numbers, why it moved (once known), then how it is computed. */
export function kpiTooltip(k: KpiResult, currency = "$", why: string | null = null): string {
  const lines = [`${k.name}: ${formatKpi(k.value, k.unit, currency)}`];
  if (k.value === null && k.reason !== null) lines[0] = `${k.name}: ${k.reason}`;
  if (k.goal !== null) {
    const paced = k.expected !== null ? ` (${formatKpi(k.expected, k.unit, currency)} by today)` : "";
    lines.push(
      `${k.goal_source === "rolled_up" ? "Rep goals (rolled up)" : "Goal"} ${formatKpi(k.goal, k.unit, currency)}${paced} · ${formatAttainment(k.attainment)} · ${statusText(k.status)}`,
    );
  }
  if (k.previous !== null) lines.push(`Previous period ${formatKpi(k.previous, k.unit, currency)}`);
  if (why !== null) lines.push(why);
  lines.push(k.definition);
  return lines.join("\n");
}
