// Database actions: remove a dataset (asked first), and the two ways out of a
// database that cannot be used (start fresh, open another).

import type { DatasetInfo } from "../bindings/DatasetInfo";
import { confirmDialog } from "../dom";
import { datasetTitle, errorView, formatCount } from "../view";
import type { Ctx } from "./context";

export async function removeDataset(ctx: Ctx, d: DatasetInfo): Promise<void> {
  const ok = await confirmDialog(
    `Remove ${d.name}?`,
    `Its ${formatCount(d.rows)} rows of ${d.kind} leave the database, and the scorecard no longer counts them. The file on disk is not touched, and a copy of the database is kept in backups/ beside it first.`,
    "Remove dataset",
  );
  if (!ok) return;
  try {
    const gone = await ctx.api.removeDataset(d.id);
    ctx.state.focusNext = "datasets-title";
    ctx.say(`Removed ${datasetTitle(gone)}.`, "ok");
  } catch (e) {
    ctx.say(errorView(e).title, "warn");
  }
  await ctx.refresh();
}

/** The way forward from a database that cannot be used: nothing is deleted either way. */
export async function startFresh(ctx: Ctx): Promise<void> {
  try {
    const aside = await ctx.api.databaseStartFresh();
    ctx.state.dbPath = "";
    ctx.say(
      aside === "" ? "A new database was started." : `A new database was started. The old file is kept as ${aside}.`,
      "info",
    );
    await ctx.refresh();
  } catch (e) {
    ctx.say(errorView(e).title, "warn");
  }
}

export async function openOther(ctx: Ctx): Promise<void> {
  try {
    const info = await ctx.api.databaseOpenOther();
    if (info === null) return;
    ctx.state.dbPath = info.path;
    ctx.say(`Now using ${info.path} (${formatCount(info.datasets)} datasets).`, "info");
    await ctx.refresh();
  } catch (e) {
    ctx.say(errorView(e).title, "warn");
  }
}
