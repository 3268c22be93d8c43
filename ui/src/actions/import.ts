// Import actions: files picked, dropped or handed over at start go through
// the wizard one by one (unless their columns are remembered); the wizard's
// choices; progress with rows per second; cancel; the sample; re-import.

import type { DatasetInfo } from "../bindings/DatasetInfo";
import type { FileTicket } from "../bindings/FileTicket";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { Progress } from "../bindings/Progress";
import type { RecordKind } from "../bindings/RecordKind";
import type { DragState } from "../ipc";
import { errorView, outcomeSummary, outcomeTone } from "../view";
import * as wz from "../wizard";
import { toCoreError, type Ctx } from "./context";

/** Where "show the import wizard for every file" is remembered. */
export const REVIEW_KEY = "salescope.review-imports";

export function dragged(ctx: Ctx, d: DragState): void {
  ctx.state.dragging = d.active ? Math.max(1, d.files) : 0;
  ctx.render();
}

export function started(ctx: Ctx, files: string[]): void {
  ctx.state.importing = { files, progress: null, last: null, rate: null };
  ctx.render();
}

/** A progress reading: the bar and its label change in place, so Cancel keeps the pointer and focus. */
export function progressed(ctx: Ctx, p: Progress): void {
  const s = ctx.state;
  if (s.importing === null) s.importing = { files: [p.file], progress: null, last: null, rate: null };
  const run = s.importing;
  const t = ctx.now();
  if (run.last !== null && p.stage === "writing") {
    const r = wz.rate(run.last.rows, run.last.at, p.rows_done, t);
    if (r !== null) run.rate = r;
  }
  if (run.last === null || p.rows_done < run.last.rows || t - run.last.at > 400)
    run.last = { rows: p.rows_done, at: t };
  run.progress = p;
  ctx.render();
}

export async function finished(ctx: Ctx, o: ImportOutcome): Promise<void> {
  const s = ctx.state;
  s.importing = null;
  s.lastOutcome = o;
  s.message = { text: outcomeSummary(o), tone: outcomeTone(o) };
  s.wizardBusy = false;
  await ctx.refresh();
}

export function cancel(ctx: Ctx): void {
  void ctx.api.cancelImport();
}

/** Import files…: the system's file dialog, then the wizard. */
export async function open(ctx: Ctx, kind: RecordKind | null = null): Promise<void> {
  const s = ctx.state;
  if (s.picking || s.importing !== null) return;
  s.picking = true;
  ctx.render();
  try {
    const files = await ctx.api.pickFiles();
    await received(ctx, files, kind);
  } catch (e) {
    ctx.say(errorView(e).title, "warn");
  } finally {
    s.picking = false;
    ctx.render();
  }
}

/** Files dropped or chosen: each goes through the wizard, unless its mapping is remembered. */
export async function received(ctx: Ctx, files: FileTicket[], kind: RecordKind | null = null): Promise<void> {
  ctx.state.queue.push(...files);
  if (ctx.state.wizard === null) await nextFile(ctx, kind);
}

async function nextFile(ctx: Ctx, kind: RecordKind | null = null): Promise<void> {
  const s = ctx.state;
  const next = s.queue.shift();
  if (next === undefined) {
    s.wizard = null;
    ctx.render();
    return;
  }
  try {
    const p = await ctx.api.previewFile(next.id, null, { kind, roles: {} });
    if (kind === null && p.table?.remembered === true && !s.reviewAll && p.imported_as === null) {
      ctx.say(`Importing ${next.name} with the columns you chose last time…`, "info");
      await ctx.api.importTicket(next.id, wz.options(wz.start(next.id, p)));
      await nextFile(ctx);
      return;
    }
    let w = wz.start(next.id, p);
    if (kind !== null) w = wz.setKind(w, kind);
    s.wizard = w;
    s.wizardError = null;
  } catch (e) {
    s.lastOutcome = { reports: [], errors: [toCoreError(e)], cancelled: false };
    ctx.say(`${next.name} could not be read`, "warn");
    await nextFile(ctx);
    return;
  }
  s.focusNext = "wizard-import";
  ctx.render();
}

/** Asks the core again for the shown (or another) sheet, with the choices made so far. */
export async function rePreview(ctx: Ctx, sheet: string | null): Promise<void> {
  const s = ctx.state;
  const w = s.wizard;
  if (w === null) return;
  s.wizardBusy = true;
  ctx.render();
  try {
    const p = await ctx.api.previewFile(w.ticket, sheet, wz.mappingOf(w, sheet ?? ""));
    s.wizard = wz.withPreview(w, p);
    s.wizardError = null;
  } catch (e) {
    s.wizardError = toCoreError(e);
  }
  s.wizardBusy = false;
  ctx.render();
}

export function setIncluded(ctx: Ctx, sheet: string, include: boolean): void {
  const w = ctx.state.wizard;
  if (w === null) return;
  ctx.state.wizard = wz.setIncluded(w, sheet, include);
  ctx.render();
}

/** The KPI a quota sheet's targets are goals for. */
export function setQuotaKpi(ctx: Ctx, kpi: string): void {
  const w = ctx.state.wizard;
  if (w === null) return;
  ctx.state.wizard = { ...w, quotaKpi: kpi };
  ctx.render();
}

/** Whether the targets beside the actuals are imported as goals too. */
export function setWithTargets(ctx: Ctx, on: boolean): void {
  const w = ctx.state.wizard;
  if (w === null) return;
  ctx.state.wizard = { ...w, withTargets: on };
  ctx.render();
}

export function setRole(ctx: Ctx, header: string, role: string | null): void {
  const w = ctx.state.wizard;
  if (w === null) return;
  ctx.state.wizard = wz.setRole(w, header, role);
  ctx.render();
}

export async function setKind(ctx: Ctx, kind: RecordKind | null): Promise<void> {
  const w = ctx.state.wizard;
  if (w === null) return;
  ctx.state.wizard = wz.setKind(w, kind);
  await rePreview(ctx, w.preview.sheet);
}

export async function confirmImport(ctx: Ctx): Promise<void> {
  const s = ctx.state;
  const w = s.wizard;
  if (w === null || wz.blocker(w) !== null) return;
  s.wizardBusy = true;
  ctx.render();
  try {
    await ctx.api.importTicket(w.ticket, wz.options(w, w.preview.imported_as !== null));
    s.wizard = null;
    s.wizardBusy = false;
    await nextFile(ctx);
  } catch (e) {
    s.wizardBusy = false;
    const err = toCoreError(e);
    if (err.code === "cancelled") {
      s.wizard = null;
      await nextFile(ctx);
    } else {
      s.wizardError = err;
      ctx.render();
    }
  }
}

export function closeWizard(ctx: Ctx): void {
  ctx.state.wizard = null;
  ctx.state.queue = [];
  ctx.render();
}

export async function sample(ctx: Ctx): Promise<void> {
  try {
    await ctx.api.loadSample();
  } catch (e) {
    ctx.state.lastOutcome = { reports: [], errors: [toCoreError(e)], cancelled: false };
    ctx.render();
  }
}

export async function reimport(ctx: Ctx, d: DatasetInfo): Promise<void> {
  try {
    await ctx.api.reimportDataset(d.id);
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
}

export function setReviewAll(ctx: Ctx, on: boolean): void {
  ctx.state.reviewAll = on;
  ctx.storage.setItem(REVIEW_KEY, on ? "1" : "0");
}
