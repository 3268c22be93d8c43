// The Data view: the datasets with Re-import and Remove, the "show the import
// wizard for every file" choice, and the import history's reports. A pure
// function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import { repeat } from "lit-html/directives/repeat.js";
import type { DatasetInfo } from "../bindings/DatasetInfo";
import type { ImportReport } from "../bindings/ImportReport";
import type { SheetReport } from "../bindings/SheetReport";
import type { AppState, Dispatch } from "../appstate";
import {
  columnTypeText,
  formatCount,
  formatWhen,
  kindLabel,
  sheetSummary,
  skippedText,
  warningText,
  warningsHeading,
} from "../view";
import { btn } from "./parts";

function datasetRow(s: AppState, d: Dispatch, ds: DatasetInfo): TemplateResult {
  const idle = s.importing === null;
  const reimport = btn("Re-import", () => d({ type: "reimport", dataset: ds }), {
    subtle: true,
    id: `reimport-${ds.id}`,
    disabled: !idle,
    title: `Import ${ds.source_file} again, replacing this dataset`,
  });
  const remove = btn("Remove", () => d({ type: "removeDataset", dataset: ds }), {
    subtle: true,
    id: `remove-${ds.id}`,
    disabled: !idle,
    title: `Remove ${ds.name}`,
  });
  return html`<tr data-id=${String(ds.id)}><td><span class="name">${ds.name}</span></td><td><span class=${`kind kind-${ds.kind}`}>${kindLabel(ds.kind)}</span></td><td class="num">${formatCount(ds.rows)}</td><td class="path" title=${ds.source_file}>${ds.source_file}</td><td>${formatWhen(ds.imported_at)}</td><td class="row-actions">${reimport}${remove}</td></tr>`;
}

function sheetBlock(sh: SheetReport): TemplateResult {
  const columns = sh.columns.map(
    (c) =>
      html`<tr><td>${c.letter}</td><td>${c.header}</td><td>${columnTypeText(c)}</td><td>${c.role ?? "—"}</td><td class="num">${formatCount(c.filled)}</td></tr>`,
  );
  const warnings =
    sh.warning_count > 0
      ? html`<p class="muted">${warningsHeading(sh)}</p><ul class="warnings">${sh.warnings.map((w) => html`<li>${warningText(w)}</li>`)}</ul>`
      : nothing;
  return html`<div class="sheet"><h4>${sheetSummary(sh)}</h4>${sh.notes.map((n) => html`<p class="note">${n}</p>`)}${sh.skipped.map((k) => html`<p class="skipped">${skippedText(k)}</p>`)}<table class="columns"><thead><tr><th>Col</th><th>Header</th><th>Type</th><th>Role</th><th class="num">Filled</th></tr></thead><tbody>${columns}</tbody></table>${warnings}</div>`;
}

/** One file of the import history; opened and closed by the user, kept so across repaints. */
function reportBlock(r: ImportReport, key: string): TemplateResult {
  const how = [r.format, r.encoding, r.delimiter ? `${r.delimiter}-separated` : null].filter(
    (x): x is string => x !== null,
  );
  const sheets = r.sheets.map((s) => sheetSummary(s)).join("; ");
  return html`<details class="file"><summary id=${`report-${key}`}><strong>${r.file}</strong><span class="muted"> · ${how.join(", ")} · ${sheets}</span></summary>${r.sheets.map(sheetBlock)}${r.skipped_sheets.map((k) => html`<p class="muted">Sheet "${k.sheet}" skipped: ${k.reason}</p>`)}</details>`;
}

export function dataView(s: AppState, d: Dispatch): TemplateResult {
  const review = html`<label class="check"><input type="checkbox" id="review-imports" .checked=${live(s.reviewAll)} @change=${(e: Event) => d({ type: "reviewAll", on: (e.currentTarget as HTMLInputElement).checked })}>Show the import wizard for every file</label>`;
  const table =
    s.datasets.length === 0
      ? html`<p class="muted">No data yet: drop a spreadsheet on the window, import one, or load the sample.</p>`
      : html`<table id="datasets"><thead><tr><th>Name</th><th>Kind</th><th class="num">Rows</th><th>Source file</th><th>Imported</th><th><span class="sr-only">Actions</span></th></tr></thead><tbody>${repeat(
          s.datasets,
          (ds) => ds.id,
          (ds) => datasetRow(s, d, ds),
        )}</tbody></table>`;
  const history =
    s.history.length === 0
      ? html`<p class="muted">Nothing imported yet.</p>`
      : repeat(
          s.history,
          (r) => r,
          (r, i) => reportBlock(r, `h${i}`),
        );
  return html`<section class="data"><div class="card"><div class="card-head"><h2 id="datasets-title" tabindex="-1">Datasets (${s.datasets.length})</h2>${review}</div>${table}</div><section class="card" id="history"><h2>Import history</h2>${history}</section></section>`;
}
