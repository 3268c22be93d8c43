// Note actions in a KPI's detail: open the form (a new note, on the view's
// last month or on a trend's month, or one to edit), keep what is typed,
// save it (the core reads the days; its error is shown in the form), remove
// a note (asked first); then the detail is read again, so the trend's
// markers follow.

import type { Note } from "../bindings/Note";
import { kpiName, shownPeriod } from "../appstate";
import { confirmDialog } from "../dom";
import { daysText, editNoteForm, newNoteForm, noteArgs, type NoteFields } from "../notes";
import { errorView } from "../view";
import type { Ctx } from "./context";

/**
 * Opens the form: `note` to edit, or a new note (null) on the view's last
 * month, or on `days` (a trend's month, the control `from`). A new note
 * being written only takes the month's days: what is typed stays.
 */
export function open(ctx: Ctx, note: Note | null, days: string | null = null, from: string | null = null): void {
  const s = ctx.state;
  const f = s.noteForm;
  if (note === null && days !== null && f !== null && f.id === null && !f.busy) {
    Object.assign(f, { days, from, error: null });
  } else {
    s.noteForm =
      note === null ? newNoteForm(shownPeriod(s), s.saved.filter, days, from) : editNoteForm(note, s.saved.filter);
  }
  s.noteError = null;
  s.focusNext = "note-text";
  ctx.render();
}

export function change(ctx: Ctx, fields: Partial<NoteFields>): void {
  const f = ctx.state.noteForm;
  if (f === null) return;
  Object.assign(f, fields);
  ctx.render();
}

/** Closes the form; the focus goes back to the control that opened it. */
export function cancel(ctx: Ctx): void {
  const s = ctx.state;
  const f = s.noteForm;
  const id = f?.id ?? null;
  s.noteForm = null;
  s.focusNext = f?.from ?? (id === null ? "note-add" : `note-edit-${id}`);
  ctx.render();
}

export async function save(ctx: Ctx): Promise<void> {
  const s = ctx.state;
  const f = s.noteForm;
  const r = s.saved.route;
  if (f === null || f.busy || r.view !== "kpi") return;
  const a = noteArgs(f, r.kpi);
  f.busy = true;
  f.error = null;
  ctx.render();
  try {
    const n = await ctx.api.saveNote(a.id, a.days, a.text, a.kpi, a.filter);
    if (s.noteForm === f) s.noteForm = null;
    s.focusNext = "note-add";
    ctx.say(`Note ${a.id === null ? "added" : "saved"}: ${daysText(n)}.`, "ok");
  } catch (e) {
    f.busy = false;
    f.error = errorView(e).title;
    if (s.noteForm === f) s.focusNext = "note-days";
    ctx.render();
    return;
  }
  await ctx.refresh();
}

export async function remove(ctx: Ctx, n: Note): Promise<void> {
  const s = ctx.state;
  const about = n.kpi === null ? "every KPI" : kpiName(s, n.kpi);
  const ok = await confirmDialog(
    `Remove the note of ${daysText(n)}?`,
    `“${n.text}” (${about}). The trends no longer show it.`,
    "Remove note",
  );
  if (!ok) return;
  try {
    await ctx.api.removeNote(n.id);
    s.noteError = null;
    if (s.noteForm?.id === n.id) s.noteForm = null;
    s.focusNext = "note-add";
    ctx.say("Note removed.", "ok");
  } catch (e) {
    s.noteError = errorView(e).title;
    ctx.render();
    return;
  }
  await ctx.refresh();
}
