// The import wizard's rules, as pure functions over the core's preview:
// changing a column's role, what is still missing, and the options the
// import is started with. Tested in wizard.test.ts; drawn by views/wizard.ts.

import type { ImportOptions } from "./bindings/ImportOptions";
import type { Preview } from "./bindings/Preview";
import type { RecordKind } from "./bindings/RecordKind";
import type { SheetMapping } from "./bindings/SheetMapping";

/** What the user decided about one sheet (or the CSV file, under ""). */
export interface SheetChoice {
  include: boolean;
  /** Null: as detected. */
  kind: RecordKind | null;
  /** Header -> role (null: none). Empty: as detected. */
  roles: Record<string, string | null>;
}

export interface Wizard {
  ticket: number;
  preview: Preview;
  /** By sheet name ("" for CSV). */
  choices: Record<string, SheetChoice>;
  /** Also import the targets a sheet holds beside its actuals, as goals. */
  withTargets: boolean;
  /** The KPI a quota sheet's targets are goals for; null: total revenue. */
  quotaKpi: string | null;
}

export const RECORD_KINDS: RecordKind[] = [
  "deals",
  "orders",
  "leads",
  "activities",
  "subscriptions",
  "spend",
  "targets",
  "events",
  "lookup",
];

export function sheetKey(p: Preview): string {
  return p.sheet ?? "";
}

/** A new wizard: every sheet that can hold records ticked, nothing changed. */
export function start(ticket: number, preview: Preview): Wizard {
  const choices: Record<string, SheetChoice> = {};
  if (preview.sheets.length === 0) choices[""] = { include: true, kind: null, roles: {} };
  for (const s of preview.sheets) choices[s.name] = { include: s.note === null, kind: null, roles: {} };
  return { ticket, preview, choices, withTargets: false, quotaKpi: null };
}

function choiceOf(w: Wizard): SheetChoice {
  return w.choices[sheetKey(w.preview)] ?? { include: true, kind: null, roles: {} };
}

/** The role each column of the shown sheet has now (the user's choice, else the preview's). */
export function currentRoles(w: Wizard): (string | null)[] {
  const c = choiceOf(w);
  const cols = w.preview.table?.columns ?? [];
  return cols.map((col) => (col.header in c.roles ? (c.roles[col.header] ?? null) : col.role));
}

/**
 * Gives `header`'s column `role` (null: none). A role belongs to one column:
 * the column that had it loses it, as the importer does.
 */
export function setRole(w: Wizard, header: string, role: string | null): Wizard {
  const cols = w.preview.table?.columns ?? [];
  const now = currentRoles(w);
  const roles: Record<string, string | null> = {};
  cols.forEach((c, i) => {
    roles[c.header] = c.header === header ? role : role !== null && now[i] === role ? null : (now[i] ?? null);
  });
  const key = sheetKey(w.preview);
  return { ...w, choices: { ...w.choices, [key]: { ...choiceOf(w), roles } } };
}

/** A new preview for the shown sheet (after a kind change or a sheet switch); the choices stay. */
export function withPreview(w: Wizard, preview: Preview): Wizard {
  return { ...w, preview };
}

export function setKind(w: Wizard, kind: RecordKind | null): Wizard {
  const key = sheetKey(w.preview);
  return { ...w, choices: { ...w.choices, [key]: { ...choiceOf(w), kind, roles: {} } } };
}

export function setIncluded(w: Wizard, sheet: string, include: boolean): Wizard {
  const had = w.choices[sheet] ?? { include, kind: null, roles: {} };
  return { ...w, choices: { ...w.choices, [sheet]: { ...had, include } } };
}

/** What the core should be asked to preview the shown sheet with. */
export function mappingOf(w: Wizard, sheet: string): SheetMapping {
  const c = w.choices[sheet];
  return { kind: c?.kind ?? null, roles: c !== undefined ? c.roles : {} };
}

/** Required roles of the shown sheet's kind that no column has. */
export function missing(w: Wizard): string[] {
  const t = w.preview.table;
  if (t === null || t.kind === null) return [];
  const have = new Set(currentRoles(w).filter((r): r is string => r !== null));
  return t.roles.filter((r) => r.required && !have.has(r.role)).map((r) => r.role);
}

/** Whether anything was changed from what the core detected, for any sheet. */
export function changed(w: Wizard): boolean {
  return Object.values(w.choices).some((c) => c.kind !== null || Object.keys(c.roles).length > 0);
}

/** The sheets ticked for import (workbooks). */
export function included(w: Wizard): string[] {
  return w.preview.sheets.filter((s) => w.choices[s.name]?.include ?? false).map((s) => s.name);
}

/**
 * The options the import runs with. The shown sheet's kind and roles are
 * sent in full once confirmed, so the importer remembers them for the next
 * file with this header; other sheets keep what the user chose for them.
 */
export function options(w: Wizard, replace = false): ImportOptions {
  const mappings: Record<string, SheetMapping> = {};
  const shown = sheetKey(w.preview);
  for (const [sheet, c] of Object.entries(w.choices)) {
    if (sheet === shown && w.preview.table !== null && w.preview.table.kind !== null) {
      const cols = w.preview.table.columns;
      const now = currentRoles(w);
      const roles: Record<string, string | null> = {};
      cols.forEach((col, i) => (roles[col.header] = now[i] ?? null));
      mappings[sheet] = { kind: c.kind ?? w.preview.table.kind, roles };
    } else if (c.kind !== null || Object.keys(c.roles).length > 0) {
      mappings[sheet] = { kind: c.kind, roles: c.roles };
    }
  }
  return {
    sheet: null,
    kind: null,
    replace,
    roles: {},
    sheets: included(w),
    mappings,
    replaces: null,
    with_targets: w.withTargets,
    quota_kpi: w.quotaKpi,
  };
}

/** Why Import cannot be pressed yet, or null. */
export function blocker(w: Wizard): string | null {
  if (w.preview.sheets.length > 0 && included(w).length === 0) return "Tick at least one sheet to import.";
  const shownIncluded = w.preview.sheets.length === 0 || (w.choices[sheetKey(w.preview)]?.include ?? false);
  if (!shownIncluded) return null;
  const t = w.preview.table;
  if (t === null) return w.preview.skipped ?? "This sheet holds no table to import.";
  if (t.kind === null) return "Choose what the rows are (the record kind).";
  const m = missing(w);
  if (m.length > 0) return `Choose a column for ${m.map((r) => r.replace(/_/g, " ")).join(", ")}.`;
  return null;
}

/** Rows per second from two progress readings. */
export function rate(rowsBefore: number, msBefore: number, rowsNow: number, msNow: number): number | null {
  const dt = msNow - msBefore;
  if (dt <= 0 || rowsNow < rowsBefore) return null;
  return ((rowsNow - rowsBefore) * 1000) / dt;
}
