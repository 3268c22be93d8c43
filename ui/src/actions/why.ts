// Why a KPI moved: the detail's panel (asked with the detail, again when a
// picker changes; answers to older questions dropped) and the tiles'
// sentences (asked once per view and KPI when a tile is hovered or focused
// for a moment, kept for the tooltip).

import { tileKey, viewKey, viewQuery, type AppState } from "../appstate";
import type { Versus } from "../bindings/Versus";
import { toCoreError, type Ctx } from "./context";

/** How long a tile is hovered or focused before its sentence is asked for. */
export const HOVER_MS = 300;

/** The question the panel asks for `kpi` now: the data as it is (datasets, goals and settings saved), the view, the KPI, the comparison and the dimension. */
function question(s: AppState, kpi: string): string {
  return JSON.stringify([s.datasetsKey, s.saves, viewKey(s), kpi, s.why.versus, s.why.by]);
}

/** Asks why the detail's KPI moved, unless that very question was asked already. */
export function load(ctx: Ctx): void {
  const s = ctx.state;
  const r = s.saved.route;
  if (r.view !== "kpi") return;
  const w = s.why;
  if (w.kpi !== r.kpi) {
    // Another KPI: its own dimensions, from the one that explains most; no form of the last one.
    Object.assign(w, { kpi: r.kpi, by: null, answer: null, view: null, error: null, asked: null });
    s.noteForm = null;
    s.noteError = null;
  }
  const q = question(s, r.kpi);
  if (q === w.asked && w.error === null) return;
  const seq = ++w.seq;
  const view = viewKey(s);
  const tile = w.versus === "previous" && w.by === null ? tileKey(s, r.kpi) : null;
  w.asked = q;
  w.busy = true;
  const asking = ctx.api.whyItMoved(viewQuery(s), r.kpi, w.versus, w.by);
  ctx.render();
  void asking.then(
    (answer) => {
      if (seq !== w.seq) return;
      Object.assign(w, { answer, view, error: null, busy: false });
      // The sentence the tile's tooltip shows, known now.
      if (tile !== null) s.tileWhy[tile] = answer.explanation.text;
      ctx.render();
    },
    (e: unknown) => {
      if (seq !== w.seq) return;
      Object.assign(w, { answer: null, view: null, error: toCoreError(e), busy: false });
      ctx.render();
    },
  );
}

/** The detail on its way: why its KPI moved is asked right after it. */
export function alongside<T>(ctx: Ctx, detail: Promise<T>): Promise<T> {
  load(ctx);
  return detail;
}

/** Another comparison: asked at once. */
export function setVersus(ctx: Ctx, versus: Versus): void {
  ctx.state.why.versus = versus;
  load(ctx);
}

/** Another dimension to split by (null: the one that explains most). */
export function setBy(ctx: Ctx, by: string | null): void {
  ctx.state.why.by = by;
  load(ctx);
}

const timers = new WeakMap<AppState, ReturnType<typeof setTimeout>>();

/** A tile hovered or focused (`on`), or left: its sentence is asked for once it has been for HOVER_MS. */
export function hoverTile(ctx: Ctx, kpi: string, on: boolean): void {
  const s = ctx.state;
  const t = timers.get(s);
  if (t !== undefined) clearTimeout(t);
  timers.delete(s);
  if (!on || tileKey(s, kpi) in s.tileWhy) return;
  timers.set(
    s,
    setTimeout(() => {
      timers.delete(s);
      void tileWhy(ctx, kpi);
    }, HOVER_MS),
  );
}

/** Asks once per data, view and KPI why the KPI moved against the previous period, for its tile. */
async function tileWhy(ctx: Ctx, kpi: string): Promise<void> {
  const s = ctx.state;
  const key = tileKey(s, kpi);
  if (key in s.tileWhy) return;
  s.tileWhy[key] = null;
  try {
    const answer = await ctx.api.whyItMoved(viewQuery(s), kpi, "previous", null);
    s.tileWhy[key] = answer.explanation.text;
    ctx.render();
  } catch {
    // The tooltip goes on without the sentence; it is not asked again for this view.
  }
}
