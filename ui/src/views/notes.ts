// The detail's Notes: the notes on the KPI's trend, numbered as its markers
// (oldest first), each with Edit and Remove; Add note; and the note form
// (days, what happened, this KPI only, only this segment), which Escape
// closes. A pure function of the state; the form shows what is typed.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import { repeat } from "lit-html/directives/repeat.js";
import type { Detail } from "../bindings/Detail";
import type { Note } from "../bindings/Note";
import { kpiName, type AppState, type Dispatch } from "../appstate";
import { daysText, isDay, scopeText, segmentText, type NoteForm } from "../notes";
import * as st from "../state";
import { btn } from "./parts";

function noteItem(s: AppState, d: Dispatch, n: Note, i: number): TemplateResult {
  const days = daysText(n);
  const edit = btn("Edit", () => d({ type: "noteOpen", note: n }), {
    subtle: true,
    id: `note-edit-${n.id}`,
    label: `Edit the note of ${days}`,
  });
  const remove = btn("Remove", () => d({ type: "noteRemove", note: n }), {
    subtle: true,
    id: `note-remove-${n.id}`,
    label: `Remove the note of ${days}`,
  });
  const from = n.source !== null ? html` · <span class="note-source">from ${n.source}</span>` : nothing;
  return html`<li class="note" id=${`note-${n.id}`} data-id=${String(n.id)}><span class="note-number" aria-hidden="true">${i + 1}</span><div class="note-body"><div><strong class="note-days">${days}</strong> <span class="note-text">${n.text}</span></div><div class="muted note-scope">${scopeText(n, (id) => kpiName(s, id))} · ${segmentText(n)}${from}</div></div><div class="row-actions">${edit}${remove}</div></li>`;
}

function noteForm(s: AppState, d: Dispatch, f: NoteForm, kpi: string): TemplateResult {
  const submit = (e: Event) => {
    e.preventDefault();
    d({ type: "noteSave" });
  };
  const key = (e: KeyboardEvent) => {
    if (e.key !== "Escape") return;
    // Escape closes the form, not the detail.
    e.preventDefault();
    e.stopPropagation();
    d({ type: "noteCancel" });
  };
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  const segment =
    f.filter.length > 0
      ? html`<label class="check"><input type="checkbox" id="note-this-segment" .checked=${live(f.thisSegment)} @change=${(e: Event) => d({ type: "noteChange", change: { thisSegment: checked(e) } })}>Only this segment (${st.filterText(f.filter)})</label>`
      : nothing;
  const error = f.error !== null ? html`<p class="field-error" id="note-error" role="alert">${f.error}</p>` : nothing;
  const title = f.id === null ? "New note" : "Edit note";
  return html`<form class="note-form" id="note-form" aria-labelledby="note-form-title" @submit=${submit} @keydown=${key}><h4 id="note-form-title">${title}</h4><div class="form-row"><div class="field"><label for="note-days">Day or range</label><input id="note-days" type="text" autocomplete="off" aria-describedby="note-days-hint" aria-invalid=${f.error !== null ? "true" : "false"} .value=${live(f.days)} @input=${(e: Event) => d({ type: "noteChange", change: { days: value(e) } })}><span class="field-note" id="note-days-hint">A day, 2025-12-05, or a range, 2025-12-01..2025-12-31</span></div><label class="field"><span>Or pick a day</span><input id="note-day" type="date" .value=${live(isDay(f.days) ? f.days.trim() : "")} @change=${(e: Event) => value(e) !== "" && d({ type: "noteChange", change: { days: value(e) } })}></label></div><label class="field"><span>What happened</span><textarea id="note-text" rows="3" maxlength="500" .value=${live(f.text)} @input=${(e: Event) => d({ type: "noteChange", change: { text: value(e) } })}></textarea></label><label class="check"><input type="checkbox" id="note-this-kpi" .checked=${live(f.thisKpi)} @change=${(e: Event) => d({ type: "noteChange", change: { thisKpi: checked(e) } })}>This KPI only (${kpiName(s, kpi)})</label>${segment}${error}<div class="actions"><button type="submit" class="btn primary" id="note-save" ?disabled=${f.busy}>${f.id === null ? "Add note" : "Save note"}</button>${btn("Cancel", () => d({ type: "noteCancel" }), { id: "note-cancel", title: "Cancel (Escape)" })}</div></form>`;
}

export function notesSection(s: AppState, d: Dispatch, det: Detail): TemplateResult {
  const f = s.noteForm;
  const add =
    f === null || f.id !== null
      ? btn("Add note", () => d({ type: "noteOpen", note: null }), {
          id: "note-add",
          title: "Write down what happened, shown on the trend",
        })
      : nothing;
  const list =
    det.notes.length === 0
      ? html`<p class="muted" id="notes-none">No notes in the trend's 12 months. A note says what happened (a price change, a rep who left) where the trend shows it.</p>`
      : html`<ol class="notes-list" id="notes-list">${repeat(
          det.notes,
          (n) => n.id,
          (n, i) => noteItem(s, d, n, i),
        )}</ol>`;
  const error =
    s.noteError !== null ? html`<p class="field-error" role="alert" id="notes-error">${s.noteError}</p>` : nothing;
  return html`<section class="notes" id="notes" aria-labelledby="notes-title"><div class="card-head"><h3 id="notes-title" tabindex="-1">Notes</h3>${add}</div>${error}${list}${f !== null ? noteForm(s, d, f, det.kpi.id) : nothing}</section>`;
}
