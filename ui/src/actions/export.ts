// Export actions: a chart or every chart of the view as PNG files, or a
// chart copied to the clipboard, at the size and scale the user chooses.

import type { ExportProgress } from "../bindings/ExportProgress";
import { viewQuery } from "../appstate";
import { askExport } from "../dialogs";
import * as st from "../state";
import { errorView, formatCount } from "../view";
import type { Ctx } from "./context";

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

/** How far a multi-chart export is, in the message line. */
export function progressed(ctx: Ctx, p: ExportProgress): void {
  ctx.say(`Exporting charts: ${formatCount(p.done)} of ${formatCount(p.total)} written…`, "info", { live: true });
}
