// Export actions: a chart or every chart of the view as PNG files, or a
// chart copied to the clipboard, at the size and scale the user chooses; and
// the meeting deck of the view (PowerPoint or PDF), with progress and Cancel.

import type { ExportProgress } from "../bindings/ExportProgress";
import { viewQuery } from "../appstate";
import type { DeckRun } from "../deck";
import { askExport } from "../dialogs";
import * as st from "../state";
import { errorView, formatCount } from "../view";
import { toCoreError, type Ctx } from "./context";

export async function exportCharts(ctx: Ctx, specs: string[], title: string): Promise<void> {
  const s = ctx.state;
  const note = `${st.filterText(s.saved.filter)} · the period, filters and definitions are printed on every picture.`;
  const asked = await askExport(title, note, specs.length, s.presets);
  if (asked === null) return;
  const view = viewQuery(s);
  try {
    if (asked.choice === "copy") {
      await ctx.api.copyChart(specs[0] ?? "", view, asked.size);
      ctx.say("Chart copied to the clipboard.", "ok");
    } else if (asked.choice === "png") {
      const saved = await ctx.api.exportChart(specs[0] ?? "", view, asked.size);
      if (saved !== null) ctx.say(`Saved ${saved.path}.`, "ok");
    } else {
      const saved = await ctx.api.exportCharts(specs, view, asked.size);
      if (saved !== null) ctx.say(`Saved ${formatCount(saved.files)} charts in ${saved.path}.`, "ok");
    }
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
}

/**
 * Export deck…: the app asks where (a save dialog, PowerPoint or PDF) and
 * writes the deck of the view, its progress shown with Cancel. One export at
 * a time: the button is disabled while a deck is under way.
 */
export async function exportDeck(ctx: Ctx): Promise<void> {
  const s = ctx.state;
  if (s.deck !== null) return;
  const run: DeckRun = { progress: null, cancelling: false };
  s.deck = run;
  ctx.render();
  try {
    const saved = await ctx.api.exportDeck(viewQuery(s));
    s.deck = null;
    // Null: the dialog was cancelled, nothing to say.
    if (saved === null) ctx.render();
    else ctx.say(`Saved the meeting deck as ${saved.path}.`, "ok");
  } catch (e) {
    s.deck = null;
    const err = toCoreError(e);
    const v = errorView(err);
    // Cancelled by the user: a quiet note, not an error; Cancel is gone, the focus goes back to Export deck….
    if (err.code === "cancelled") {
      if (run.cancelling) s.focusNext = "export-deck";
      ctx.say(`${v.title}.`, "info");
    } else ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
}

/** Cancel: the app stops the deck; its answer (cancelled) ends the export. */
export async function cancelDeck(ctx: Ctx): Promise<void> {
  const run = ctx.state.deck;
  if (run === null || run.cancelling) return;
  run.cancelling = true;
  ctx.render();
  try {
    await ctx.api.cancelDeck();
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
}

/** How far an export is: a deck's in its progress bar, a multi-chart export's in the message line. */
export function progressed(ctx: Ctx, p: ExportProgress): void {
  const run = ctx.state.deck;
  if (run !== null) {
    run.progress = p;
    ctx.render();
    return;
  }
  ctx.say(`Exporting charts: ${formatCount(p.done)} of ${formatCount(p.total)} written…`, "info", { live: true });
}
