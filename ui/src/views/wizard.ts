// The import wizard: a native modal <dialog> (Tab stays inside, the page
// behind is inert) with the file's sheets, what the rows are, each column's
// role over a preview of the rows, and Import. A pure function of the state;
// `showWizard` opens it with showModal() once it is in the page.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import type { RecordKind } from "../bindings/RecordKind";
import type { AppState, Dispatch } from "../appstate";
import { formatCount, kindLabel } from "../view";
import * as wz from "../wizard";
import { errorBox, progressPanel } from "./panels";
import { btn, selectField } from "./parts";

function kindOfFile(f: string): string {
  return f === "csv" ? "CSV text" : `${f} workbook`;
}

function sheetList(w: wz.Wizard, busy: boolean, d: Dispatch): TemplateResult | typeof nothing {
  const p = w.preview;
  if (p.sheets.length === 0) return nothing;
  const items = p.sheets.map((s) => {
    const id = `sheet-inc-${s.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const ticked = (e: Event) =>
      d({ type: "wizardInclude", sheet: s.name, include: (e.currentTarget as HTMLInputElement).checked });
    const show = btn(s.name, () => d({ type: "wizardSheet", sheet: s.name }), {
      subtle: s.name !== p.sheet,
      disabled: busy || s.note !== null,
      title: s.note ?? `Show sheet ${s.name}`,
      current: s.name === p.sheet ? "true" : undefined,
    });
    return html`<li><input type="checkbox" id=${id} aria-label=${`Import sheet ${s.name}`} .checked=${live(w.choices[s.name]?.include ?? false)} ?disabled=${s.note !== null || busy} @change=${ticked}>${show}${s.note !== null ? html`<small class="muted">${s.note}</small>` : nothing}</li>`;
  });
  return html`<div class="wizard-sheets"><h3>Sheets</h3><ul class="sheets" id="wizard-sheets" aria-label="Sheets">${items}</ul></div>`;
}

function table(w: wz.Wizard, s: AppState, d: Dispatch): TemplateResult {
  const p = w.preview;
  const t = p.table;
  if (t === null)
    return html`<p class="status warn" id="wizard-skipped">${p.skipped ?? "No table found on this sheet."}</p>`;
  const kinds: [string, string][] = [
    ["", t.kind === null ? "Choose…" : `${kindLabel(t.kind)} (${t.kind_reason === null ? "detected" : "guessed"})`],
    ...wz.RECORD_KINDS.map((k): [string, string] => [k, kindLabel(k)]),
  ];
  const chosenKind = w.choices[wz.sheetKey(p)]?.kind ?? "";
  const kind = selectField("wizard-kind", "The rows are", kinds, chosenKind, (v) =>
    d({ type: "wizardKind", kind: v === "" ? null : (v as RecordKind) }),
  );
  const read = `Header on row ${t.header_row} · types from ${formatCount(t.rows_read)} rows${t.complete ? "" : " (the first ones)"}${t.remembered ? " · columns as you chose last time" : ""}`;
  // Not recognised for sure: the reason, or the closest kind with its guessed roles.
  const reason =
    t.kind_reason === null
      ? nothing
      : t.kind === null
        ? html`<p class="status warn">${t.kind_reason}</p>`
        : html`<p class="status warn" id="wizard-guess">Salescope could not tell for sure what the rows are. They look most like ${kindLabel(t.kind).toLowerCase()}: check the kind and each column's role before you import.</p>`;
  const roles = wz.currentRoles(w);
  const options: [string, string][] = [
    ["", "—  not used"],
    ...t.roles.map((r): [string, string] => [
      r.role,
      `${r.role.replace(/_/g, " ")}${r.required ? " *" : ""} (${r.holds})`,
    ]),
  ];
  const heads = t.columns.map((c) => html`<th title=${`Column ${c.letter}`}>${c.letter} · ${c.header}</th>`);
  const types = t.columns.map(
    (c) =>
      html`<td class=${c.odd > 0 ? "odd" : ""}>${c.column_type}${c.currency ? ` (${c.currency})` : ""}${c.odd > 0 ? `, ${c.odd} odd` : ""}</td>`,
  );
  const roleCells = t.columns.map(
    (c, i) =>
      html`<td>${selectField(`role-${i}`, `Role of ${c.header}`, options, roles[i] ?? "", (v) => d({ type: "wizardRole", header: c.header, role: v === "" ? null : v }), "compact")}</td>`,
  );
  const odd = "Does not fit the column's type; kept as text";
  const rows = t.rows.map(
    (r) =>
      html`<tr><th>${String(r.row)}</th>${r.cells.map((cell, i) => html`<td class=${r.odd.includes(i) ? "odd" : ""} title=${r.odd.includes(i) ? odd : ""}>${cell}</td>`)}</tr>`,
  );
  // A target column beside the actuals: imported as goals when the user ticks it.
  const targets =
    t.targets === null
      ? nothing
      : html`<label class="check" id="wizard-targets-label"><input type="checkbox" id="wizard-targets" .checked=${live(w.withTargets)} @change=${(e: Event) => d({ type: "wizardTargets", on: (e.currentTarget as HTMLInputElement).checked })}>Also import the targets as goals (column “${t.targets}”, as total revenue goals per month and segment)</label>`;
  // A quota sheet without a KPI column: which KPI its targets are goals for.
  const quota = t.quota
    ? selectField(
        "wizard-quota-kpi",
        "The targets are goals for",
        s.catalog.map((k): [string, string] => [k.id, k.name]),
        w.quotaKpi ?? "total_revenue",
        (v) => d({ type: "wizardQuotaKpi", kpi: v }),
      )
    : nothing;
  return html`<div class="form-row">${kind}${quota}<p class="muted">${read}</p></div>${reason}${targets}<div class="preview-scroll"><table class="preview" id="wizard-preview"><thead><tr><th>Row</th>${heads}</tr><tr class="type-row"><th>Type</th>${types}</tr><tr class="role-row"><th>Role</th>${roleCells}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function wizardView(w: wz.Wizard, s: AppState, d: Dispatch): TemplateResult {
  const p = w.preview;
  const busy = s.wizardBusy || s.importing !== null;
  const facts = [kindOfFile(p.format), p.encoding, p.delimiter ? `${p.delimiter}-separated` : null]
    .filter(Boolean)
    .join(" · ");
  const before =
    p.imported_as !== null
      ? html`<p class="status info">This content was imported before (dataset ${p.imported_as}). Importing again replaces that dataset.</p>`
      : nothing;
  const why = wz.blocker(w);
  const waiting = s.queue.length > 0 ? `${s.queue.length} more file(s) after this one` : "";
  const cancel = btn("Cancel", () => d({ type: "wizardClose" }), {
    id: "wizard-cancel",
    disabled: s.wizardBusy && s.importing !== null,
  });
  const importIt = btn(
    p.sheets.length > 1 ? `Import ${wz.included(w).length} sheet(s)` : "Import",
    () => d({ type: "wizardImport" }),
    {
      primary: true,
      id: "wizard-import",
      disabled: why !== null || busy,
    },
  );
  // Escape closes the wizard, unless an import runs: then it reaches the window, which cancels the import.
  const key = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    if (s.importing === null) {
      e.stopPropagation();
      d({ type: "wizardClose" });
    }
  };
  // The dialog's own Escape handling: the state, not the browser, says when it closes.
  const cancelled = (e: Event) => {
    e.preventDefault();
    if (s.importing === null) d({ type: "wizardClose" });
  };
  return html`<dialog class="wizard" id="wizard" aria-labelledby="wizard-title" @keydown=${key} @cancel=${cancelled}><div class="wizard-head"><h2 id="wizard-title">Import ${p.file}</h2><p class="muted" id="wizard-format">${facts}</p></div><div class="wizard-body">${sheetList(w, busy, d)}<div class="wizard-main">${before}${table(w, s, d)}${s.wizardError !== null ? errorBox(s.wizardError) : nothing}</div></div>${s.importing !== null ? progressPanel(s, d) : nothing}<div class="actions wizard-foot"><span class="muted" id="wizard-blocker">${why ?? waiting}</span>${cancel}${importIt}</div></dialog>`;
}

/** Opens the wizard's dialog as a modal once it is in the page (lit only adds it). */
export function showWizard(root: HTMLElement): void {
  const dialog = root.querySelector<HTMLDialogElement>("dialog#wizard");
  if (dialog !== null && !dialog.open) dialog.showModal();
}
