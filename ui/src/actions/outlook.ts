// Outlook actions: the page (figures, chart and leaderboard) read at each
// refresh; what-if rates as they are typed (the figures asked for once the
// typing pauses, answers to older requests dropped); the leaderboard's KPI;
// and the forecast category a deal stage counts in (Goals view).

import type { OutlookPage } from "../bindings/OutlookPage";
import { currency, viewQuery, type AppState } from "../appstate";
import { CATEGORY_NAMES, NO_WHAT_IF, readWhatIf, stageId, todayRates, type Rate } from "../outlook";
import { errorView } from "../view";
import { toCoreError, type Ctx } from "./context";

/** How long typing must pause before the figures are asked for. */
export const DEBOUNCE_MS = 250;

const timers = new WeakMap<AppState, ReturnType<typeof setTimeout>>();

function cancelTimer(s: AppState): void {
  const t = timers.get(s);
  if (t !== undefined) clearTimeout(t);
  timers.delete(s);
}

/** The view the rates were read for: today's rates hold for it alone. */
function viewKey(s: AppState): string {
  return JSON.stringify([s.saved.period, s.saved.filter]);
}

/** The Outlook page of the view on screen, or why the data cannot give one. */
export type PageAnswer = { page: OutlookPage } | { note: string };

/** Asks for the page with the what-ifs typed; figures asked for before it are dropped. */
export async function fetchPage(ctx: Ctx): Promise<PageAnswer> {
  const s = ctx.state;
  s.figuresSeq++;
  cancelTimer(s);
  const { whatIf } = readWhatIf(s.whatIf, currency(s));
  try {
    return { page: await ctx.api.outlookView(viewQuery(s), whatIf, s.leaderboardKpi) };
  } catch (e) {
    const err = toCoreError(e);
    // Not the app failing: the data cannot give an outlook (no deals sheet), said in the view.
    if (err.code === "invalid_argument") return { note: errorView(err).title };
    throw e;
  }
}

export function showPage(ctx: Ctx, a: PageAnswer): void {
  const s = ctx.state;
  s.figuresBusy = false;
  if ("note" in a) {
    s.outlook = null;
    s.outlookNote = a.note;
    return;
  }
  s.outlook = a.page;
  s.outlookNote = null;
  s.todayRates = todayRates(s.todayRates, viewKey(s), a.page.outlook);
}

/** Asks for the figures with the what-ifs typed; only the answer to the latest request is shown. */
export async function loadFigures(ctx: Ctx): Promise<void> {
  const s = ctx.state;
  const seq = ++s.figuresSeq;
  const key = viewKey(s);
  const { whatIf } = readWhatIf(s.whatIf, currency(s));
  s.figuresBusy = true;
  try {
    const o = await ctx.api.outlookFigures(viewQuery(s), whatIf);
    if (seq !== s.figuresSeq || s.outlook === null) return;
    s.outlook = { ...s.outlook, outlook: o };
    s.todayRates = todayRates(s.todayRates, key, o);
  } catch (e) {
    if (seq !== s.figuresSeq) return;
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
  s.figuresBusy = false;
  ctx.render();
}

/** A what-if typed: shown at once; asked for once the typing pauses, and only when every field reads. */
export function typeWhatIf(ctx: Ctx, rate: Rate, text: string): void {
  const s = ctx.state;
  s.whatIf = { ...s.whatIf, [rate]: text };
  cancelTimer(s);
  const ok = Object.keys(readWhatIf(s.whatIf, currency(s)).errors).length === 0;
  s.figuresBusy = ok && s.outlook !== null;
  if (s.figuresBusy) {
    timers.set(
      s,
      setTimeout(() => {
        timers.delete(s);
        void loadFigures(ctx);
      }, DEBOUNCE_MS),
    );
  }
  ctx.render();
}

/** Back to today's rates: the fields are emptied and the figures asked for at once. */
export function resetWhatIf(ctx: Ctx): void {
  const s = ctx.state;
  s.whatIf = { ...NO_WHAT_IF };
  cancelTimer(s);
  ctx.render();
  if (s.outlook !== null) void loadFigures(ctx);
}

/** Another KPI for the leaderboard: the page is read again. */
export async function setLeaderboardKpi(ctx: Ctx, kpi: string): Promise<void> {
  ctx.state.leaderboardKpi = kpi;
  await ctx.refresh();
}

/** The forecast category open deals of a stage count in; null puts the default back. */
export async function setStageCategory(ctx: Ctx, label: string, category: string | null): Promise<void> {
  const s = ctx.state;
  try {
    s.settings = await ctx.api.setSetting(`forecast_category.${label}`, category ?? "");
    // Counted the old way: the Outlook is read again when next shown.
    s.outlook = null;
    const name = category === null ? null : (CATEGORY_NAMES[category] ?? category);
    ctx.say(
      name === null
        ? `Open “${label}” deals count in their stage's default category again.`
        : `Open “${label}” deals now count in ${name}.`,
      "ok",
    );
  } catch (e) {
    const v = errorView(e);
    ctx.say(`${v.title}. ${v.hint}`, "warn");
  }
  // The Reset button goes once the default is back: the focus goes to the stage's list.
  if (category === null) s.focusNext = stageId(label);
  await ctx.refresh();
}
