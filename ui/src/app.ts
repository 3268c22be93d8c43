// The Salescope window: start-up, refresh, paint and dispatch. The state is
// one AppState (src/appstate.ts); src/views/ draw it with lit-html, which
// patches the page rather than rebuilding it; src/actions/ do what the views
// and keys (src/keys.ts) ask, talking to the app only through a `Backend`
// (src/ipc.ts in the window, a fake in app.test.ts). Charts are the core
// renderer's SVGs, shown as images: the PNG export is the same drawing.

import { render as paint } from "lit-html";
import type { FileTicket } from "./bindings/FileTicket";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Preset } from "./bindings/SizePreset";
import { initialState, viewQuery, type AppState, type Msg } from "./appstate";
import { toCoreError, type Ctx } from "./actions/context";
import * as database from "./actions/database";
import { dispatchDetail } from "./actions/detail";
import * as exporting from "./actions/export";
import * as focus from "./actions/focus";
import * as goals from "./actions/goals";
import * as imports from "./actions/import";
import * as outlook from "./actions/outlook";
import * as period from "./actions/period";
import * as why from "./actions/why";
import { painted } from "./dom";
import type { Backend } from "./ipc";
import { isTab, keyMsg, topModal, trapTab } from "./keys";
import * as st from "./state";
import { errorView, type Tone } from "./view";
import { page } from "./views/page";
import { showWizard } from "./views/wizard";

/** Timings the end-to-end test reads (ms since the page started). */
export interface Timings {
  firstScorecard: number | null;
  lastRepaint: number | null;
  /** Of the last repaint: until the app's answer arrived, then until it was in the page. */
  lastAnswer: number | null;
  lastRender: number | null;
}

/** How long a message that is not a warning stays. */
export const MESSAGE_MS = 8000;

export class App {
  readonly state: AppState;
  readonly timings: Timings = { firstScorecard: null, lastRepaint: null, lastAnswer: null, lastRender: null };
  private readonly ctx: Ctx;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  /** Each refresh bumps this; answers of an older one are dropped. */
  private generation = 0;
  private painting = false;
  private paintAgain = false;

  constructor(
    private root: HTMLElement,
    private api: Backend,
    storage: Storage = window.localStorage,
    now: () => number = () => performance.now(),
  ) {
    this.state = initialState(st.load(storage), storage.getItem(imports.REVIEW_KEY) === "1");
    this.ctx = {
      state: this.state,
      api,
      storage,
      now,
      render: () => this.render(),
      refresh: () => this.refresh(),
      say: (text, tone, opts) => this.say(text, tone, opts),
      persist: () => st.save(storage, this.state.saved),
    };
  }

  async start(): Promise<void> {
    const c = this.ctx;
    await Promise.all([
      this.api.onProgress((p) => imports.progressed(c, p)),
      this.api.onExportProgress((p) => exporting.progressed(c, p)),
      this.api.onDragState((d) => imports.dragged(c, d)),
      this.api.onFilesDropped((files) => void imports.received(c, files)),
      this.api.onImportStarted((files) => imports.started(c, files)),
      this.api.onImportFinished((o) => void imports.finished(c, o)),
      this.api.onImportRefused((e) => this.say(errorView(e).title, "warn")),
    ]);
    document.addEventListener("keydown", (e) => this.key(e));
    const [catalog, presets] = await Promise.all([
      this.api.kpiCatalog().catch(() => [] as KpiInfo[]),
      this.api.chartPresets().catch(() => [[], []] as [Preset[], number[]]),
    ]);
    this.state.catalog = catalog;
    this.state.presets = presets;
    await this.refresh();
    // Files Salescope was started with (`salescope FILE`, Open with Salescope)
    // are imported as if dropped on the window.
    const launched = await this.api.launchFiles().catch(() => [] as FileTicket[]);
    if (launched.length > 0) await imports.received(c, launched);
  }

  /**
   * Shows a message at the bottom of the window, where it is seen however far
   * the view is scrolled. Warnings stay until dismissed; others fade after a
   * while. A `live` message (progress) changes in place and stays.
   */
  say(text: string, tone: Tone, opts: { live?: boolean } = {}): void {
    const msg = { text, tone };
    this.state.message = msg;
    if (this.messageTimer !== null) clearTimeout(this.messageTimer);
    this.messageTimer = null;
    if (tone !== "warn" && opts.live !== true) {
      this.messageTimer = setTimeout(() => {
        if (this.state.message === msg) this.dismiss();
      }, MESSAGE_MS);
    }
    this.render();
  }

  private dismiss(): void {
    this.state.message = null;
    this.render();
  }

  /** Reloads what the current view shows. */
  async refresh(): Promise<void> {
    const s = this.state;
    const gen = ++this.generation;
    const started = this.ctx.now();
    // The view on screen stays, marked busy, until the new one is ready.
    s.loading = true;
    this.render();
    try {
      // The database's place never changes while the app runs: asked once.
      const [datasets, info] = await Promise.all([this.api.listDatasets(), s.dbPath === "" ? this.api.dbInfo() : null]);
      if (gen !== this.generation) return;
      // The filter lists change only with the datasets: asked again only then.
      const key = datasets.map((d) => `${d.id}`).join(",");
      const dimsStale = key !== s.datasetsKey;
      s.datasets = datasets;
      if (info !== null) s.dbPath = info.path;
      const r = s.saved.route;
      s.viewError = null;
      if (datasets.length > 0) {
        if (dimsStale) {
          s.dims = await this.api.dimensions();
          s.datasetsKey = key;
        }
        if (r.view === "scorecard") s.home = await this.api.home(viewQuery(s));
        // The detail is asked first; why the KPI moved is shown when it comes.
        if (r.view === "kpi") s.detail = await why.alongside(this.ctx, this.api.kpiDetail(viewQuery(s), r.kpi));
        if (r.view === "outlook") {
          const answer = await outlook.fetchPage(this.ctx);
          if (gen !== this.generation) return;
          outlook.showPage(this.ctx, answer);
        }
        if (r.view === "goals") {
          [s.goals, s.settings, s.stageCategories] = await Promise.all([
            this.api.listGoals(),
            this.api.getSettings(),
            this.api.stageCategories(),
          ]);
          // Without a focus setting, the focus set is the core's default for the view: the scorecard says which.
          if (s.settings.focus === null && gen === this.generation) s.home = await this.api.home(viewQuery(s));
        }
      }
      if (r.view === "data") s.history = await this.api.importHistory(20);
      if (gen !== this.generation) return;
    } catch (e) {
      if (gen !== this.generation) return;
      s.viewError = toCoreError(e);
    }
    s.loading = false;
    s.loaded = true;
    const answered = this.ctx.now();
    this.render();
    const rendered = this.ctx.now();
    // Painted: every chart decoded and on screen, not just in the page.
    await painted(this.root);
    if (gen !== this.generation) return;
    const t = this.ctx.now();
    this.timings.lastAnswer = answered - started;
    this.timings.lastRender = rendered - answered;
    if (s.home !== null && s.saved.route.view === "scorecard" && this.timings.firstScorecard === null) {
      this.timings.firstScorecard = t;
    }
    this.timings.lastRepaint = t - started;
  }

  /** Draws the state: lit patches what changed, so the focus, open lists and typed text stay. */
  render(): void {
    if (this.painting) {
      this.paintAgain = true;
      return;
    }
    this.painting = true;
    try {
      do {
        this.paintAgain = false;
        this.paintOnce();
      } while (this.paintAgain);
    } finally {
      this.painting = false;
    }
  }

  private paintOnce(): void {
    const s = this.state;
    const active = document.activeElement;
    const kept =
      active instanceof HTMLElement && active !== document.body && this.root.contains(active) ? active.id : "";
    paint(
      page(s, (m) => this.dispatch(m)),
      this.root,
    );
    showWizard(this.root);
    // The focus goes where an action leads, once its view is there; else it
    // stays, or goes back to the control of that id when its part was redrawn.
    const next = s.loading ? null : s.focusNext;
    if (!s.loading) s.focusNext = null;
    const now = document.activeElement;
    const lost = now === null || now === document.body || !now.isConnected;
    if (next !== null) document.getElementById(next)?.focus();
    else if (lost && kept !== "") document.getElementById(kept)?.focus();
  }

  private key(e: KeyboardEvent): void {
    const modal = topModal();
    if (isTab(e) && modal !== null) {
      trapTab(e, modal);
      return;
    }
    const m = keyMsg(e, this.state);
    if (m !== null) this.dispatch(m);
  }

  /** Hands what the user did to its action. */
  dispatch(m: Msg): void {
    const c = this.ctx;
    switch (m.type) {
      case "go":
        return period.go(c, m.route, m.focus ?? null);
      case "step":
        return void period.step(c, m.by);
      case "kind":
        return void period.setKind(c, m.kind);
      case "toggleFilter":
        return void period.toggle(c, m.dimension, m.value);
      case "clearFilter":
        return void period.clearFilter(c, m.dimension);
      case "filterOpen":
        return period.filterOpen(c, m.dimension, m.open);
      case "dismiss":
        return this.dismiss();
      case "dismissReport":
        this.state.lastOutcome = null;
        return this.render();
      case "open":
        return void imports.open(c, m.kind);
      case "sample":
        return void imports.sample(c);
      case "cancelImport":
        return imports.cancel(c);
      case "reviewAll":
        return imports.setReviewAll(c, m.on);
      case "reimport":
        return void imports.reimport(c, m.dataset);
      case "removeDataset":
        return void database.removeDataset(c, m.dataset);
      case "startFresh":
        return void database.startFresh(c);
      case "openOtherDatabase":
        return void database.openOther(c);
      case "export":
        return void exporting.exportCharts(c, m.specs, m.title);
      case "exportDeck":
        return void exporting.exportDeck(c);
      case "cancelDeck":
        return void exporting.cancelDeck(c);
      case "allKpis":
        return focus.allKpis(c, m.open);
      case "focusTick":
        return focus.tick(c, m.kpi, m.on);
      case "focusMove":
        return focus.move(c, m.kpi, m.by, m.from);
      case "focusDrag":
        return focus.drag(c, m.kpi);
      case "focusOver":
        return focus.dragOver(c, m.kpi);
      case "focusDrop":
        return focus.drop(c, m.onto);
      case "focusReset":
        return void focus.reset(c);
      case "saveGoal":
        return void goals.saveGoal(c, m.kpi, m.period, m.target, null);
      case "editGoal":
        return void goals.editGoal(c, m.goal);
      case "removeGoal":
        return void goals.removeGoal(c, m.goal);
      case "setting":
        return void goals.setting(c, m.key, m.value);
      case "whatIf":
        return outlook.typeWhatIf(c, m.rate, m.text);
      case "resetWhatIf":
        return outlook.resetWhatIf(c);
      case "leaderboardKpi":
        return void outlook.setLeaderboardKpi(c, m.kpi);
      case "stageCategory":
        return void outlook.setStageCategory(c, m.label, m.category);
      case "wizardSheet":
        return void imports.rePreview(c, m.sheet);
      case "wizardInclude":
        return imports.setIncluded(c, m.sheet, m.include);
      case "wizardQuotaKpi":
        return imports.setQuotaKpi(c, m.kpi);
      case "wizardTargets":
        return imports.setWithTargets(c, m.on);
      case "wizardKind":
        return void imports.setKind(c, m.kind);
      case "wizardRole":
        return imports.setRole(c, m.header, m.role);
      case "wizardImport":
        return void imports.confirmImport(c);
      case "wizardClose":
        return imports.closeWizard(c);
      default:
        return dispatchDetail(c, m);
    }
  }
}
