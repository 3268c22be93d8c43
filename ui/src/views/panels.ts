// The panels around the views: the message line, import and deck progress,
// import problems, errors, the database-unusable panel, the welcome card and the
// drop zone. Pure functions of the state; events go out as messages.

import { html, nothing, type TemplateResult } from "lit-html";
import type { Error as CoreError } from "../bindings/Error";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { AppState, Dispatch } from "../appstate";
import { deckProgressView } from "../deck";
import { dropPrompt, errorView, formatCount, progressView } from "../view";
import { btn } from "./parts";

export function statusMessage(s: AppState, d: Dispatch): TemplateResult | typeof nothing {
  const m = s.message;
  if (m === null) return nothing;
  return html`<div class=${`status ${m.tone}`} role=${m.tone === "warn" ? "alert" : "status"} id="status"><span id="status-text">${m.text}</span>${btn("×", () => d({ type: "dismiss" }), { subtle: true, id: "status-dismiss", label: "Dismiss the message", title: "Dismiss" })}</div>`;
}

/** What the import is doing, with rows per second while it writes. */
export function progressLabel(s: AppState): string {
  const run = s.importing;
  if (run === null) return "";
  if (run.progress === null) return `Opening ${run.files.join(", ")}…`;
  const v = progressView(run.progress);
  return run.rate !== null && run.progress.stage === "writing"
    ? `${v.label} · ${formatCount(run.rate)} rows/s`
    : v.label;
}

export function progressPanel(s: AppState, d: Dispatch): TemplateResult {
  const p = s.importing?.progress ?? null;
  const fraction = p === null ? null : progressView(p).fraction;
  const cancel = btn("Cancel", () => d({ type: "cancelImport" }), {
    id: "cancel-import",
    title: "Cancel (Esc); nothing from the file in progress is kept",
  });
  return html`<section class="card progress" aria-busy="true"><div class="progress-row"><span id="progress-label" aria-live="polite">${progressLabel(s)}</span>${cancel}</div><progress max="1" id="import-progress" aria-label="Import progress" value=${fraction ?? nothing}></progress></section>`;
}

/** The meeting deck being written: which slide, and Cancel (Esc). */
export function deckPanel(s: AppState, d: Dispatch): TemplateResult | typeof nothing {
  const run = s.deck;
  // While the save dialog is open there is nothing to show.
  if (run === null || (run.progress === null && !run.cancelling)) return nothing;
  const v = deckProgressView(run);
  const cancel = btn("Cancel", () => d({ type: "cancelDeck" }), {
    id: "cancel-deck",
    disabled: run.cancelling,
    title: "Cancel (Esc); no file is written",
  });
  return html`<section class="card progress" id="deck-progress" aria-busy="true"><div class="progress-row"><span id="deck-progress-label" aria-live="polite">${v.label}</span>${cancel}</div><progress max="1" id="deck-progress-bar" aria-label="Deck progress" value=${v.fraction ?? nothing}></progress></section>`;
}

export function errorBox(e: CoreError): TemplateResult {
  const v = errorView(e);
  return html`<div class="error" role="alert"><strong>${v.title}</strong>${v.where ? html`<div class="where">${v.where}</div>` : nothing}<div class="hint">${v.hint}</div></div>`;
}

export function errorsPanel(o: ImportOutcome, d: Dispatch): TemplateResult {
  const dismiss = btn("Dismiss", () => d({ type: "dismissReport" }), { subtle: true, id: "dismiss-report" });
  return html`<section class="card report" id="report"><div class="card-head"><h2>Import problems</h2>${dismiss}</div>${o.errors.map((e) => errorBox(e))}</section>`;
}

/** The way forward from a database that cannot be used: nothing is deleted either way. */
export function databasePanel(e: CoreError, d: Dispatch): TemplateResult {
  return html`<section class="card" id="database-unusable"><h2>Salescope cannot use its database</h2>${errorBox(e)}<div class="actions">${btn("Start fresh, keeping the old file aside", () => d({ type: "startFresh" }), { primary: true, id: "db-start-fresh" })}${btn("Open another database…", () => d({ type: "openOtherDatabase" }), { id: "db-open-other" })}</div></section>`;
}

export function emptyState(s: AppState, d: Dispatch): TemplateResult {
  return html`<section class="card empty" id="empty-state"><h2>Your sales data, at a glance</h2><p>Drop an Excel or CSV export anywhere in this window, or open one. Everything stays on this computer.</p><div class="actions">${btn("Import files…", () => d({ type: "open", kind: null }), { primary: true, disabled: s.picking, id: "empty-open" })}${btn("Load sample data", () => d({ type: "sample" }), { id: "empty-load-sample", disabled: s.picking || s.importing !== null })}</div><p class="muted">Reads xlsx, xlsm, xls, xlsb, ods, CSV and TSV: deals, orders, leads, activities, spend and targets.</p></section>`;
}

export function dropzone(s: AppState): TemplateResult | typeof nothing {
  if (s.dragging === 0) return nothing;
  return html`<div class="dropzone" id="dropzone" aria-live="polite"><div><strong>${dropPrompt(s.dragging, s.importing !== null)}</strong><span>xlsx, xlsm, xls, xlsb, ods, csv, tsv</span></div></div>`;
}
