// The Salescope window: the balanced scorecard (home), a KPI's detail, goals
// and settings, the data and its import history, the import wizard and the
// exports. It talks to the app only through a `Backend` (src/ipc.ts in the
// window, a fake in app.test.ts). Charts are the core renderer's SVGs, shown
// as images: the PNG export is the same drawing.

import type { Size as ChartSize } from "./bindings/ChartSize";
import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { Detail } from "./bindings/Detail";
import type { Dimension } from "./bindings/Dimension";
import type { Error as CoreError } from "./bindings/Error";
import type { FileTicket } from "./bindings/FileTicket";
import type { Goal } from "./bindings/Goal";
import type { Home } from "./bindings/Home";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Settings as KpiSettings } from "./bindings/KpiSettings";
import type { PeriodKind } from "./bindings/PeriodKind";
import type { Progress } from "./bindings/Progress";
import type { RecordKind } from "./bindings/RecordKind";
import type { Preset } from "./bindings/SizePreset";
import type { Backend } from "./ipc";
import { button, chartImage, confirmDialog, h, modal, select, type Child } from "./dom";
import * as st from "./state";
import * as wz from "./wizard";
// The app's icon, drawn once for the window manager and the header alike.
import logoUrl from "../../src-tauri/icons/icon.svg";
import {
  columnTypeText,
  datasetTitle,
  dropPrompt,
  errorView,
  formatAttainment,
  formatCount,
  formatKpi,
  formatWhen,
  kindLabel,
  kpiTooltip,
  outcomeSummary,
  outcomeTone,
  progressView,
  sheetSummary,
  skippedText,
  statusText,
  warningText,
  warningsHeading,
  type Tone,
} from "./view";

const PERSPECTIVES: [string, string][] = [
  ["lead_generation", "Lead generation"],
  ["sales_activity", "Sales activity"],
  ["conversion", "Conversion"],
  ["revenue", "Revenue"],
];

const REVIEW_KEY = "salescope.review-imports";

/** Timings the end-to-end test reads (ms since the page started). */
export interface Timings {
  firstScorecard: number | null;
  lastRepaint: number | null;
  /** Of the last repaint: until the app's answer arrived, then until it was in the page. */
  lastAnswer: number | null;
  lastRender: number | null;
}

interface ImportRun {
  files: string[];
  progress: Progress | null;
  /** For rows per second: the last two readings. */
  last: { rows: number; at: number } | null;
  rate: number | null;
}

/** How long a message that is not a warning stays. */
const MESSAGE_MS = 8000;

/** Resolves once the pictures under `root` are decoded and a frame has been drawn. */
async function painted(root: HTMLElement): Promise<void> {
  const images = [...root.querySelectorAll("img")].filter((i) => typeof i.decode === "function");
  await Promise.all(images.map((i) => i.decode().catch(() => undefined)));
  if (typeof requestAnimationFrame === "function") await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}

export class App {
  private saved: st.Saved;
  private datasets: DatasetInfo[] = [];
  private dbPath = "";
  private history: ImportReport[] = [];
  private home: Home | null = null;
  private detail: Detail | null = null;
  private dims: Dimension[] = [];
  /** The datasets the filter lists were read for. */
  private datasetsKey: string | null = null;
  private catalog: KpiInfo[] = [];
  private goals: Goal[] = [];
  private settings: KpiSettings | null = null;
  private presets: [Preset[], number[]] = [[], []];
  private loaded = false;
  private loading = false;
  private viewError: CoreError | null = null;
  private message: { text: string; tone: Tone } | null = null;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  /** The element the next paint puts the focus on (an id), where an action leads the eye. */
  private focusNext: string | null = null;
  /** The filter list left open (a dimension), kept open while values are ticked. */
  private openFilter: string | null = null;
  private lastOutcome: ImportOutcome | null = null;
  private importing: ImportRun | null = null;
  private dragging = 0;
  private picking = false;
  /** Files waiting for the wizard, in drop order. */
  private queue: FileTicket[] = [];
  private wizard: wz.Wizard | null = null;
  private wizardBusy = false;
  private wizardError: CoreError | null = null;
  /** Each refresh bumps this; answers of an older one are dropped. */
  private generation = 0;
  readonly timings: Timings = { firstScorecard: null, lastRepaint: null, lastAnswer: null, lastRender: null };

  constructor(
    private root: HTMLElement,
    private api: Backend,
    private storage: Storage = window.localStorage,
    private now: () => number = () => performance.now(),
  ) {
    this.saved = st.load(storage);
  }

  async start(): Promise<void> {
    await Promise.all([
      this.api.onProgress((p) => this.progressed(p)),
      this.api.onExportProgress((p) => this.say(`Exporting charts: ${formatCount(p.done)} of ${formatCount(p.total)} written…`, "info", { live: true })),
      this.api.onDragState((d) => {
        this.dragging = d.active ? Math.max(1, d.files) : 0;
        this.render();
      }),
      this.api.onFilesDropped((files) => void this.received(files)),
      this.api.onImportStarted((files) => {
        this.importing = { files, progress: null, last: null, rate: null };
        this.render();
      }),
      this.api.onImportFinished((o) => void this.finished(o)),
      this.api.onImportRefused((e) => this.say(errorView(e).title, "warn")),
    ]);
    document.addEventListener("keydown", (e) => this.key(e));
    const [catalog, presets] = await Promise.all([
      this.api.kpiCatalog().catch(() => [] as KpiInfo[]),
      this.api.chartPresets().catch(() => [[], []] as [Preset[], number[]]),
    ]);
    this.catalog = catalog;
    this.presets = presets;
    await this.refresh();
    // Files Salescope was started with (`salescope FILE`, Open with Salescope)
    // are imported as if dropped on the window.
    const launched = await this.api.launchFiles().catch(() => [] as FileTicket[]);
    if (launched.length > 0) await this.received(launched);
  }

  // ---- state and loading -------------------------------------------------

  private persist(): void {
    st.save(this.storage, this.saved);
  }

  private go(route: st.Route): void {
    this.saved = { ...this.saved, route };
    this.persist();
    this.detail = null;
    this.loading = true;
    this.render();
    void this.refresh();
  }

  /**
   * Shows a message at the bottom of the window, where it is seen however far
   * the view is scrolled. Warnings stay until dismissed; others fade after a
   * while. A `live` message (progress) changes in place without a repaint.
   */
  private say(text: string, tone: Tone, opts: { live?: boolean } = {}): void {
    this.message = { text, tone };
    if (this.messageTimer !== null) clearTimeout(this.messageTimer);
    this.messageTimer = null;
    const shown = document.getElementById("status-text");
    if (opts.live === true && shown !== null && this.root.contains(shown)) {
      shown.textContent = text;
      return;
    }
    if (tone !== "warn" && opts.live !== true) {
      const msg = this.message;
      this.messageTimer = setTimeout(() => {
        if (this.message === msg) this.dismiss();
      }, MESSAGE_MS);
    }
    this.render();
  }

  private dismiss(): void {
    this.message = null;
    this.render();
  }

  private get view() {
    return st.query(this.saved);
  }

  /** Reloads what the current view shows. */
  async refresh(): Promise<void> {
    const gen = ++this.generation;
    const started = this.now();
    this.loading = true;
    // The view on screen stays, marked busy, until the new one is ready:
    // rebuilding it here would make the window decode every chart again
    // while the answer waits.
    const main = document.getElementById("main");
    if (main !== null && this.root.contains(main)) main.setAttribute("aria-busy", "true");
    else this.render();
    try {
      // The database's place never changes while the app runs: asked once.
      const [datasets, info] = await Promise.all([this.api.listDatasets(), this.dbPath === "" ? this.api.dbInfo() : null]);
      if (gen !== this.generation) return;
      // The filter lists change only with the datasets: asked again only then.
      const key = datasets.map((d) => `${d.id}`).join(",");
      const dimsStale = key !== this.datasetsKey;
      this.datasets = datasets;
      if (info !== null) this.dbPath = info.path;
      const r = this.saved.route;
      this.viewError = null;
      if (datasets.length > 0) {
        if (dimsStale) {
          this.dims = await this.api.dimensions();
          this.datasetsKey = key;
        }
        if (r.view === "scorecard") this.home = await this.api.home(this.view);
        if (r.view === "kpi") this.detail = await this.api.kpiDetail(this.view, r.kpi);
        if (r.view === "goals") {
          [this.goals, this.settings] = await Promise.all([this.api.listGoals(), this.api.getSettings()]);
        }
      }
      if (r.view === "data") this.history = await this.api.importHistory(20);
      if (gen !== this.generation) return;
    } catch (e) {
      if (gen !== this.generation) return;
      this.viewError = toCoreError(e);
    }
    this.loading = false;
    this.loaded = true;
    const answered = this.now();
    this.render();
    const rendered = this.now();
    // Painted: every chart decoded and on screen, not just in the page.
    await painted(this.root);
    if (gen !== this.generation) return;
    const t = this.now();
    this.timings.lastAnswer = answered - started;
    this.timings.lastRender = rendered - answered;
    if (this.home !== null && this.saved.route.view === "scorecard" && this.timings.firstScorecard === null) {
      this.timings.firstScorecard = t;
    }
    this.timings.lastRepaint = t - started;
  }

  // ---- period and filters -------------------------------------------------

  private async setPeriod(period: string | null): Promise<void> {
    this.saved = { ...this.saved, period };
    this.persist();
    await this.refresh();
  }

  private async step(steps: number): Promise<void> {
    try {
      await this.setPeriod(await this.api.stepPeriod(this.saved.period, steps));
    } catch (e) {
      this.viewError = toCoreError(e);
      this.render();
    }
  }

  private async setKind(kind: PeriodKind): Promise<void> {
    const p = this.home?.scorecard.period;
    const fiscal = this.home?.scorecard.fiscal_start_month ?? this.settings?.fiscal_start_month ?? 1;
    if (kind === "range") {
      await this.customRange();
      return;
    }
    if (p === undefined) {
      await this.setPeriod(await this.api.stepPeriod(this.saved.period, 0).catch(() => null));
      return;
    }
    await this.setPeriod(st.periodOfKind(p, kind, fiscal));
  }

  private async customRange(): Promise<void> {
    const p = this.home?.scorecard.period;
    const from = h("input", { type: "date", id: "range-from", value: p?.start ?? "" });
    const to = h("input", { type: "date", id: "range-to", value: p?.end ?? "" });
    const { result } = modal(
      "range-dialog",
      "Custom period",
      [h("div", { class: "form-row" }, h("label", { class: "field" }, h("span", {}, "From"), from), h("label", { class: "field" }, h("span", {}, "To"), to))],
      [
        { text: "Cancel", value: "cancel" },
        { text: "Apply", value: "ok", primary: true },
      ],
    );
    if ((await result) !== "ok") return;
    const r = st.customRange(from.value, to.value);
    if ("error" in r) this.say(r.error, "warn");
    else await this.setPeriod(r.period);
  }

  private async toggle(dimension: string, value: string): Promise<void> {
    this.saved = { ...this.saved, filter: st.toggleFilter(this.saved.filter, dimension, value) };
    this.persist();
    await this.refresh();
  }

  private async clearFilter(dimension: string | null): Promise<void> {
    this.saved = { ...this.saved, filter: dimension === null ? [] : st.clearDimension(this.saved.filter, dimension) };
    // The Clear button goes with the filter: the focus goes to the list's button.
    this.focusNext = dimension === null ? (document.querySelector(".filters summary")?.id ?? null) : `filter-${dimension}-button`;
    if (dimension === null) this.openFilter = null;
    this.persist();
    await this.refresh();
  }

  // ---- import ---------------------------------------------------------------

  private progressed(p: Progress): void {
    if (this.importing === null) this.importing = { files: [p.file], progress: null, last: null, rate: null };
    const run = this.importing;
    const t = this.now();
    if (run.last !== null && p.stage === "writing") {
      const r = wz.rate(run.last.rows, run.last.at, p.rows_done, t);
      if (r !== null) run.rate = r;
    }
    if (run.last === null || p.rows_done < run.last.rows || t - run.last.at > 400) run.last = { rows: p.rows_done, at: t };
    run.progress = p;
    // The bar changes in place, so the Cancel button keeps the pointer and focus.
    const label = document.getElementById("progress-label");
    const bar = document.getElementById("import-progress");
    if (label === null || !(bar instanceof HTMLProgressElement)) {
      this.render();
      return;
    }
    const v = progressView(p);
    label.textContent = this.progressLabel();
    if (v.fraction === null) bar.removeAttribute("value");
    else bar.value = v.fraction;
  }

  private progressLabel(): string {
    const run = this.importing;
    if (run === null) return "";
    if (run.progress === null) return `Opening ${run.files.join(", ")}…`;
    const v = progressView(run.progress);
    return run.rate !== null && run.progress.stage === "writing" ? `${v.label} · ${formatCount(run.rate)} rows/s` : v.label;
  }

  private async finished(o: ImportOutcome): Promise<void> {
    this.importing = null;
    this.lastOutcome = o;
    this.message = { text: outcomeSummary(o), tone: outcomeTone(o) };
    this.wizardBusy = false;
    await this.refresh();
  }

  private async open(kind: RecordKind | null = null): Promise<void> {
    if (this.picking || this.importing !== null) return;
    this.picking = true;
    this.render();
    try {
      const files = await this.api.pickFiles();
      await this.received(files, kind);
    } catch (e) {
      this.say(errorView(e).title, "warn");
    } finally {
      this.picking = false;
      this.render();
    }
  }

  /** Files dropped or chosen: each goes through the wizard, unless its mapping is remembered. */
  private async received(files: FileTicket[], kind: RecordKind | null = null): Promise<void> {
    this.queue.push(...files);
    if (this.wizard === null) await this.nextFile(kind);
  }

  private reviewAll(): boolean {
    return this.storage.getItem(REVIEW_KEY) === "1";
  }

  private async nextFile(kind: RecordKind | null = null): Promise<void> {
    const next = this.queue.shift();
    if (next === undefined) {
      this.wizard = null;
      this.render();
      return;
    }
    try {
      const p = await this.api.previewFile(next.id, null, { kind, roles: {} });
      if (kind === null && p.table?.remembered === true && !this.reviewAll() && p.imported_as === null) {
        this.say(`Importing ${next.name} with the columns you chose last time…`, "info");
        await this.api.importTicket(next.id, wz.options(wz.start(next.id, p)));
        await this.nextFile();
        return;
      }
      let w = wz.start(next.id, p);
      if (kind !== null) w = wz.setKind(w, kind);
      this.wizard = w;
      this.wizardError = null;
    } catch (e) {
      this.lastOutcome = { reports: [], errors: [toCoreError(e)], cancelled: false };
      this.say(`${next.name} could not be read`, "warn");
      await this.nextFile();
      return;
    }
    this.render();
    document.getElementById("wizard-import")?.focus();
  }

  private async rePreview(sheet: string | null): Promise<void> {
    const w = this.wizard;
    if (w === null) return;
    this.wizardBusy = true;
    this.render();
    try {
      const key = sheet ?? "";
      const p = await this.api.previewFile(w.ticket, sheet, wz.mappingOf(w, key));
      this.wizard = wz.withPreview(w, p);
      this.wizardError = null;
    } catch (e) {
      this.wizardError = toCoreError(e);
    }
    this.wizardBusy = false;
    this.render();
  }

  private async confirmImport(): Promise<void> {
    const w = this.wizard;
    if (w === null || wz.blocker(w) !== null) return;
    this.wizardBusy = true;
    this.render();
    try {
      await this.api.importTicket(w.ticket, wz.options(w, w.preview.imported_as !== null));
      this.wizard = null;
      this.wizardBusy = false;
      await this.nextFile();
    } catch (e) {
      this.wizardBusy = false;
      const err = toCoreError(e);
      if (err.code === "cancelled") {
        this.wizard = null;
        await this.nextFile();
      } else {
        this.wizardError = err;
        this.render();
      }
    }
  }

  private closeWizard(): void {
    this.wizard = null;
    this.queue = [];
    this.render();
  }

  private async sample(): Promise<void> {
    try {
      await this.api.loadSample();
    } catch (e) {
      this.lastOutcome = { reports: [], errors: [toCoreError(e)], cancelled: false };
      this.render();
    }
  }

  private async remove(d: DatasetInfo): Promise<void> {
    const ok = await confirmDialog(
      `Remove ${d.name}?`,
      `Its ${formatCount(d.rows)} rows of ${d.kind} leave the database, and the scorecard no longer counts them. The file on disk is not touched, and a copy of the database is kept in backups/ beside it first.`,
      "Remove dataset",
    );
    if (!ok) return;
    try {
      const gone = await this.api.removeDataset(d.id);
      this.focusNext = "datasets-title";
      this.say(`Removed ${datasetTitle(gone)}.`, "ok");
    } catch (e) {
      this.say(errorView(e).title, "warn");
    }
    await this.refresh();
  }

  private async reimport(d: DatasetInfo): Promise<void> {
    try {
      await this.api.reimportDataset(d.id);
    } catch (e) {
      const v = errorView(e);
      this.say(`${v.title}. ${v.hint}`, "warn");
    }
  }

  // ---- goals and settings ---------------------------------------------------

  private async saveGoal(kpi: string, period: string, target: string, goal: Goal | null): Promise<boolean> {
    const filter = goal?.filter ?? this.saved.filter;
    // Adding a goal where one is set already replaces it: asked first.
    const same = goal === null && this.saved.route.view === "goals" ? this.goals.find((x) => x.kpi === kpi && x.period === period.trim() && JSON.stringify(x.filter) === JSON.stringify(filter)) : undefined;
    if (same !== undefined) {
      const ok = await confirmDialog(
        `Replace the goal for ${this.kpiName(kpi)}, ${same.period}?`,
        `It is ${formatKpi(same.target, this.unitOf(kpi), this.currency())} for ${st.filterText(same.filter)}; the new goal is ${target.trim()}.`,
        "Replace goal",
      );
      if (!ok) return false;
    }
    try {
      const g = await this.api.setGoal(kpi, period, filter, target);
      this.say(`Goal saved: ${this.kpiName(g.kpi)}, ${g.period}, ${formatKpi(g.target, this.unitOf(g.kpi), this.currency())}.`, "ok");
      await this.refresh();
      return true;
    } catch (e) {
      const v = errorView(e);
      this.say(`${v.title}. ${v.hint}`, "warn");
      return false;
    }
  }

  private async deleteGoal(g: Goal): Promise<void> {
    const ok = await confirmDialog(
      `Remove the goal for ${this.kpiName(g.kpi)}, ${g.period}?`,
      `${formatKpi(g.target, this.unitOf(g.kpi), this.currency())} for ${st.filterText(g.filter)}. KPIs with no goal show no status colour.`,
      "Remove goal",
    );
    if (!ok) return;
    try {
      await this.api.removeGoal(g.id);
      this.focusNext = this.saved.route.view === "goals" ? "goals-title" : "goal-target";
      this.say("Goal removed.", "ok");
    } catch (e) {
      this.say(errorView(e).title, "warn");
    }
    await this.refresh();
  }

  private async setting(key: string, value: string): Promise<void> {
    try {
      this.settings = await this.api.setSetting(key, value);
      this.say("Setting saved.", "ok");
    } catch (e) {
      const v = errorView(e);
      this.say(`${v.title}. ${v.hint}`, "warn");
    }
    await this.refresh();
  }

  private kpiName(id: string): string {
    return this.catalog.find((k) => k.id === id)?.name ?? id;
  }

  private unitOf(id: string) {
    return this.catalog.find((k) => k.id === id)?.unit ?? "count";
  }

  private currency(): string {
    return this.home?.currency ?? this.detail?.currency ?? "$";
  }

  // ---- export ---------------------------------------------------------------

  private async exportDialog(specs: string[], title: string): Promise<void> {
    const [presets, scales] = this.presets;
    const single = specs.length === 1;
    const size = h("select", { id: "export-size" });
    for (const p of presets) size.append(h("option", { value: p.id }, `${p.name} (${p.width}×${p.height})`));
    const scale = h("select", { id: "export-scale" });
    for (const s of scales) {
      const o = h("option", { value: String(s) }, `${s}× (${s === 1 ? "screen" : s === 2 ? "sharp on slides" : "print"})`);
      o.selected = s === 2;
      scale.append(o);
    }
    const actions = single
      ? [
          { text: "Cancel", value: "cancel" },
          { text: "Copy image", value: "copy" },
          { text: "Export PNG…", value: "png", primary: true },
        ]
      : [
          { text: "Cancel", value: "cancel" },
          { text: `Export ${specs.length} PNGs…`, value: "all", primary: true },
        ];
    const { result } = modal(
      "export-dialog",
      title,
      [
        h("p", { class: "muted" }, `${st.filterText(this.saved.filter)} · the period, filters and definitions are printed on every picture.`),
        h("div", { class: "form-row" }, h("label", { class: "field" }, h("span", {}, "Size"), size), h("label", { class: "field" }, h("span", {}, "Scale"), scale)),
      ],
      actions,
    );
    const choice = await result;
    if (choice === null || choice === "cancel") return;
    const p = presets.find((x) => x.id === size.value) ?? presets[0];
    if (p === undefined) return;
    const chartSize: ChartSize = { width: p.width, height: p.height, scale: Number(scale.value) };
    try {
      if (choice === "copy") {
        await this.api.copyChart(specs[0] ?? "", this.view, chartSize);
        this.say("Chart copied to the clipboard.", "ok");
      } else if (choice === "png") {
        const saved = await this.api.exportChart(specs[0] ?? "", this.view, chartSize);
        if (saved !== null) this.say(`Saved ${saved.path}.`, "ok");
      } else {
        const saved = await this.api.exportCharts(specs, this.view, chartSize);
        if (saved !== null) this.say(`Saved ${formatCount(saved.files)} charts in ${saved.path}.`, "ok");
      }
    } catch (e) {
      const v = errorView(e);
      this.say(`${v.title}. ${v.hint}`, "warn");
    }
  }

  /** The charts of the view on screen, for "Export all". */
  private viewCharts(): string[] {
    const r = this.saved.route;
    if (r.view === "kpi") return this.detail?.charts.map((c) => c.spec) ?? [];
    if (r.view === "scorecard" && this.home !== null) return ["scorecard", "funnel", ...this.home.tiles.map((t) => t.spec)];
    return [];
  }

  // ---- keyboard ---------------------------------------------------------------

  private key(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (mod && e.key.toLowerCase() === "o") {
      e.preventDefault();
      void this.open();
    } else if (mod && e.shiftKey && e.key.toLowerCase() === "e") {
      e.preventDefault();
      const specs = this.viewCharts();
      if (specs.length > 0) void this.exportDialog(specs, "Export all charts of this view");
    } else if (e.key === "Escape" && this.importing !== null) {
      void this.api.cancelImport();
    } else if (e.key === "Escape" && !typing && this.saved.route.view === "kpi" && document.querySelector("dialog[open]") === null && !e.defaultPrevented) {
      this.goTo({ view: "scorecard" }, `tile-${this.saved.route.kpi}`);
    } else if (!typing && e.altKey && e.key === "ArrowLeft") {
      e.preventDefault();
      void this.step(-1);
    } else if (!typing && e.altKey && e.key === "ArrowRight") {
      e.preventDefault();
      void this.step(1);
    } else if (mod && ["1", "2", "3"].includes(e.key)) {
      e.preventDefault();
      const views: st.Route[] = [{ view: "scorecard" }, { view: "goals" }, { view: "data" }];
      this.go(views[Number(e.key) - 1] ?? { view: "scorecard" });
    }
  }

  // ---- rendering ----------------------------------------------------------------

  render(): void {
    // Focus stays on the control that had it, or goes where the action leads;
    // never back to the top of the page.
    const active = document.activeElement;
    const kept = active !== null && active !== document.body && this.root.contains(active) ? active.id : "";
    const focused = this.loading ? kept : (this.focusNext ?? kept);
    if (!this.loading) this.focusNext = null;
    const parts: Node[] = [this.header()];
    const main = h("main", { id: "main", "aria-busy": this.loading ? "true" : "false" });
    if (this.message !== null) {
      main.append(
        h(
          "div",
          { class: `status ${this.message.tone}`, role: this.message.tone === "warn" ? "alert" : "status", id: "status" },
          h("span", { id: "status-text" }, this.message.text),
          button("×", () => this.dismiss(), { subtle: true, id: "status-dismiss", label: "Dismiss the message", title: "Dismiss" }),
        ),
      );
    }
    if (this.importing !== null && this.wizard === null) main.append(this.progressPanel());
    if (this.lastOutcome !== null && this.lastOutcome.errors.length > 0) main.append(this.errorsPanel(this.lastOutcome));
    const unusable = this.viewError !== null && this.viewError.code === "database_unusable";
    if (this.viewError !== null) main.append(unusable ? this.databasePanel(this.viewError) : this.errorBox(this.viewError));
    const r = this.saved.route;
    const empty = this.loaded && this.datasets.length === 0;
    if (unusable) {
      // Nothing else can work until the database is sorted out.
    } else if (empty && r.view !== "data") {
      main.append(this.emptyState());
    } else if (r.view === "scorecard") {
      main.append(this.toolbar(), this.scorecardView());
    } else if (r.view === "kpi") {
      main.append(this.toolbar(), this.detailView());
    } else if (r.view === "goals") {
      main.append(this.goalsView());
    } else {
      main.append(this.dataView());
    }
    parts.push(main, h("footer", { class: "foot" }, "Database: ", h("code", { id: "db-path" }, this.dbPath)));
    if (this.dragging > 0) {
      parts.push(
        h(
          "div",
          { class: "dropzone", id: "dropzone", "aria-live": "polite" },
          h("div", {}, h("strong", {}, dropPrompt(this.dragging, this.importing !== null)), h("span", {}, "xlsx, xlsm, xls, xlsb, ods, csv, tsv")),
        ),
      );
    }
    if (this.wizard !== null) parts.push(this.wizardPanel(this.wizard));
    this.root.replaceChildren(...parts);
    if (focused !== "") document.getElementById(focused)?.focus();
  }

  /** Opens a view and puts the focus where it leads (`focus`: an element id). */
  private goTo(route: st.Route, focus: string): void {
    this.focusNext = focus;
    this.go(route);
  }

  private header(): HTMLElement {
    const r = this.saved.route.view;
    const tab = (id: string, text: string, route: st.Route, key: string) => {
      const active = r === route.view || (route.view === "scorecard" && r === "kpi");
      const b = button(text, () => this.go(route), { id: `nav-${id}`, subtle: !active, title: `${text} (Ctrl+${key})` });
      b.classList.add("tab");
      if (active) b.setAttribute("aria-current", "page");
      return b;
    };
    const idle = this.importing === null && !this.picking;
    return h(
      "header",
      { class: "bar" },
      h("div", { class: "brand" }, h("img", { class: "logo", src: logoUrl, alt: "" }), h("h1", {}, "Salescope")),
      h("nav", { class: "tabs", "aria-label": "Views" }, tab("scorecard", "Scorecard", { view: "scorecard" }, "1"), tab("goals", "Goals", { view: "goals" }, "2"), tab("data", "Data", { view: "data" }, "3")),
      h(
        "div",
        { class: "actions" },
        this.datasets.length === 0 ? button("Load sample data", () => void this.sample(), { disabled: !idle, id: "load-sample" }) : null,
        button("Import files…", () => void this.open(), { disabled: !idle, primary: true, id: "open-files", title: "Import spreadsheets (Ctrl+O); or drop them on the window" }),
      ),
    );
  }

  private toolbar(): HTMLElement {
    const p = this.home?.scorecard.period ?? null;
    const kind = p?.kind ?? "quarter";
    const periodLabel = p === null ? (this.saved.period ?? "Latest quarter") : p.label;
    const kindSelect = select(
      "period-kind",
      "Period",
      [
        ["month", "Month"],
        ["quarter", "Quarter"],
        ["year", "Year"],
        ["range", "Custom…"],
      ],
      kind === "week" ? "range" : kind,
      (v) => void this.setKind(v as PeriodKind),
    );
    const stepper = h(
      "div",
      { class: "stepper", role: "group", "aria-label": "Period" },
      button("‹", () => void this.step(-1), { id: "period-prev", label: "Previous period", title: "Previous period (Alt+←)" }),
      h("span", { class: "period-label", id: "period-label", title: p === null ? "" : st.periodText(p) }, periodLabel, p?.to_date ? h("small", {}, " to date") : null),
      button("›", () => void this.step(1), { id: "period-next", label: "Next period", title: "Next period (Alt+→)" }),
    );
    const filters = h("div", { class: "filters", role: "group", "aria-label": "Filters" });
    for (const d of this.dims.filter((x) => ["team", "region", "product", "rep", "category", "source", "channel"].includes(x.name) || x.values.length <= 50)) {
      const chosen = this.saved.filter.filter((f) => f.dimension === d.name).map((f) => f.value);
      const det = h("details", { class: "filter", id: `filter-${d.name}` });
      det.open = this.openFilter === d.name;
      det.addEventListener("toggle", () => {
        if (det.open) {
          this.openFilter = d.name;
          for (const other of filters.querySelectorAll<HTMLDetailsElement>("details[open]")) if (other !== det) other.open = false;
        } else if (this.openFilter === d.name) {
          this.openFilter = null;
        }
      });
      det.addEventListener("keydown", (e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        e.stopPropagation();
        det.open = false;
        sum.focus();
      });
      det.addEventListener("focusout", (e) => {
        if (e.relatedTarget instanceof Node && !det.contains(e.relatedTarget)) det.open = false;
      });
      const sum = h("summary", { id: `filter-${d.name}-button` }, `${d.name.replace(/_/g, " ")}${chosen.length > 0 ? `: ${chosen.length === 1 ? chosen[0] || "(blank)" : `${chosen.length} selected`}` : ""}`);
      if (chosen.length > 0) sum.classList.add("on");
      det.append(sum);
      const list = h("div", { class: "filter-list" });
      for (const v of d.values) {
        const id = `f-${d.name}-${v}`.replace(/[^A-Za-z0-9_-]/g, "_");
        const cb = h("input", { type: "checkbox", id });
        cb.checked = chosen.includes(v);
        cb.addEventListener("change", () => void this.toggle(d.name, v));
        list.append(h("label", { class: "check" }, cb, v === "" ? "(blank)" : v));
      }
      if (chosen.length > 0) list.append(button("Clear", () => void this.clearFilter(d.name), { subtle: true }));
      det.append(list);
      filters.append(det);
    }
    if (this.saved.filter.length > 0) filters.append(button("Clear filters", () => void this.clearFilter(null), { subtle: true, id: "clear-filters" }));
    const specs = this.viewCharts();
    return h(
      "section",
      { class: "toolbar", "aria-label": "Period and filters" },
      kindSelect,
      stepper,
      filters,
      h("div", { class: "spacer" }),
      button("Export all…", () => void this.exportDialog(specs, "Export all charts of this view"), { id: "export-all", disabled: specs.length === 0, title: "Export every chart of this view as PNG files into a folder (Ctrl+Shift+E)" }),
    );
  }

  private chartFigure(spec: string, svg: string, alt: string, opts: { onOpen?: () => void; tooltip?: string; id?: string; wide?: boolean; caption?: boolean } = {}): HTMLElement {
    const img = chartImage(svg, alt);
    const body: HTMLElement = opts.onOpen
      ? button("", opts.onOpen, { label: alt, title: opts.tooltip ?? alt, id: opts.id })
      : h("div", { title: opts.tooltip ?? alt });
    body.classList.add("chart-body");
    body.replaceChildren(img);
    const safe = spec.replace(/[^A-Za-z0-9_-]/g, "-");
    return h(
      "figure",
      { class: `chart${opts.wide === true ? " wide" : ""}`, "data-spec": spec },
      opts.caption === true ? h("figcaption", {}, alt) : null,
      body,
      h(
        "div",
        { class: "chart-actions" },
        button("Export…", () => void this.exportDialog([spec], `Export ${alt}`), { subtle: true, id: `export-${safe}`, title: "Export PNG or copy the image" }),
      ),
    );
  }

  private scorecardView(): HTMLElement {
    const home = this.home;
    if (home === null) return h("section", { class: "card muted" }, this.loading ? "Computing the scorecard…" : "");
    const c = home.scorecard;
    const head = h(
      "div",
      { class: "score-head" },
      h("div", {}, h("h2", {}, "Balanced scorecard"), h("p", { class: "muted", id: "scorecard-period" }, `${c.period.label} · ${st.periodText(c.period)} · ${st.filterText(this.saved.filter)}`)),
      h(
        "div",
        { class: `pill ${c.status}`, id: "overall-score", title: "Overall score: the weighted mean of the perspective scores (each KPI's attainment capped at 150%)" },
        `Overall ${formatAttainment(c.score)}`,
      ),
    );
    const cols = h("div", { class: "perspectives" });
    for (const [pid, pname] of PERSPECTIVES) {
      const pr = c.perspectives.find((x) => x.id === pid);
      const col = h(
        "section",
        { class: "perspective", "aria-label": pname, id: `perspective-${pid}` },
        h("header", {}, h("h3", {}, pname), h("span", { class: `pill ${pr?.status ?? "none"}`, title: `${pr?.scored ?? 0} KPIs with a goal` }, formatAttainment(pr?.score ?? null))),
      );
      c.kpis.forEach((k, i) => {
        if (k.perspective !== pid) return;
        const tile = home.tiles[i];
        if (tile === undefined) return;
        const alt = k.value === null ? `${k.name}: ${k.reason ?? "no value"}` : `${k.name}: ${formatKpi(k.value, k.unit, home.currency)}, ${statusText(k.status)}`;
        const fig = this.chartFigure(tile.spec, tile.svg, alt, {
          onOpen: () => this.goTo({ view: "kpi", kpi: k.id }, "detail-title"),
          tooltip: kpiTooltip(k, home.currency),
          id: `tile-${k.id}`,
        });
        fig.dataset.value = k.value === null ? "" : String(k.value);
        fig.dataset.status = k.status;
        if (k.value === null) fig.classList.add("muted-chart");
        col.append(fig);
      });
      cols.append(col);
    }
    return h("section", { class: "scorecard", id: "scorecard" }, head, cols);
  }

  private detailView(): HTMLElement {
    const d = this.detail;
    const from = this.saved.route.view === "kpi" ? this.saved.route.kpi : "";
    const back = button("← Scorecard", () => this.goTo({ view: "scorecard" }, `tile-${from}`), { subtle: true, id: "back", title: "Back to the scorecard (Escape)" });
    if (d === null) return h("section", { class: "card" }, back, h("p", { class: "muted" }, this.loading ? "Computing…" : ""));
    const k = d.kpi;
    const cur = d.currency;
    const variant =
      d.info.variants.length > 1
        ? select(
            "variant",
            "Variant",
            d.info.variants.map((v) => [v.id, `${v.id}: ${v.formula}`]),
            k.variant,
            (v) => void this.setting(`variant.${k.id}`, v),
          )
        : null;
    const period = this.home?.scorecard.period.label ?? this.saved.period ?? "";
    const goalNow = d.goals.find((g) => g.period === period && JSON.stringify(g.filter) === JSON.stringify(this.saved.filter)) ?? null;
    const target = h("input", { id: "goal-target", type: "text", inputmode: "decimal", placeholder: k.unit === "ratio" ? "e.g. 25%" : "e.g. 250000", value: goalNow === null ? "" : k.unit === "ratio" ? `${goalNow.target * 100}%` : String(goalNow.target) });
    const periodIn = h("input", { id: "goal-period", type: "text", value: period });
    const goalForm = h(
      "form",
      { class: "goal-form", id: "goal-form" },
      h("h3", {}, "Goal"),
      h("p", { class: "muted" }, `For ${st.filterText(this.saved.filter)}`),
      h("div", { class: "form-row" }, h("label", { class: "field" }, h("span", {}, "Period"), periodIn), h("label", { class: "field" }, h("span", {}, "Target"), target)),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "btn primary", id: "goal-save" }, goalNow === null ? "Set goal" : "Update goal"),
        goalNow !== null ? button("Remove", () => void this.deleteGoal(goalNow), { subtle: true, id: "goal-remove" }) : null,
      ),
    );
    goalForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveGoal(k.id, periodIn.value.trim(), target.value, null);
    });
    const facts = h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Actual"),
      h("dd", { id: "detail-value" }, formatKpi(k.value, k.unit, cur)),
      h("dt", {}, k.expected !== null ? "Goal to date" : "Goal"),
      h("dd", { id: "detail-goal" }, formatKpi(k.expected ?? k.goal, k.unit, cur)),
      h("dt", {}, "Attainment"),
      h("dd", { id: "detail-attainment" }, h("span", { class: `pill ${k.status}` }, `${formatAttainment(k.attainment)} · ${statusText(k.status)}`)),
      h("dt", {}, "Previous period"),
      h("dd", {}, formatKpi(k.previous, k.unit, cur)),
      h("dt", {}, "Year ago"),
      h("dd", {}, formatKpi(k.year_ago, k.unit, cur)),
      k.projection !== null ? h("dt", {}, "Projected") : null,
      k.projection !== null ? h("dd", {}, formatKpi(k.projection, k.unit, cur)) : null,
    );
    const side = h(
      "aside",
      { class: "card detail-side" },
      facts,
      h("h3", {}, "Definition"),
      h("p", { id: "definition" }, k.definition),
      k.reason !== null ? h("p", { class: "hint" }, k.reason) : null,
      variant,
      goalForm,
    );
    const charts = h("div", { class: "detail-charts" });
    for (const c of d.charts) {
      const [kindName, , dim] = c.spec.split(":");
      const alt = kindName === "gauge" ? `${k.name} against its goal` : kindName === "trend" ? `${k.name}: monthly trend` : `${k.name} by ${(dim ?? "").replace(/_/g, " ")}`;
      charts.append(this.chartFigure(c.spec, c.svg, alt, { wide: kindName === "trend", caption: kindName === "breakdown" }));
    }
    return h("section", { class: "detail", id: "detail" }, h("div", { class: "detail-head" }, back, h("h2", { id: "detail-title", tabindex: "-1" }, k.name)), h("div", { class: "detail-grid" }, side, charts));
  }

  private goalsView(): HTMLElement {
    const s = this.settings;
    const rows = this.goals.map((g) => {
      const unit = this.unitOf(g.kpi);
      return h(
        "tr",
        { "data-id": String(g.id) },
        h("td", {}, this.kpiName(g.kpi)),
        h("td", {}, g.period),
        h("td", {}, st.filterText(g.filter)),
        h("td", { class: "num" }, formatKpi(g.target, unit, this.currency())),
        h("td", { class: "muted" }, g.source ?? "set by hand"),
        h(
          "td",
          { class: "row-actions" },
          button("Edit", () => void this.editGoal(g), { subtle: true, id: `goal-edit-${g.id}`, title: "Change the target" }),
          button("Remove", () => void this.deleteGoal(g), { subtle: true, id: `goal-remove-${g.id}` }),
        ),
      );
    });
    const kpiSel = h("select", { id: "new-goal-kpi" });
    for (const k of this.catalog) kpiSel.append(h("option", { value: k.id }, k.name));
    const per = h("input", { id: "new-goal-period", type: "text", placeholder: "2025-Q3, 2025-07 or 2025", value: this.home?.scorecard.period.label ?? this.saved.period ?? "" });
    const tgt = h("input", { id: "new-goal-target", type: "text", placeholder: "250000 or 25%" });
    const add = h(
      "form",
      { class: "form-row", id: "new-goal" },
      h("label", { class: "field" }, h("span", {}, "KPI"), kpiSel),
      h("label", { class: "field" }, h("span", {}, "Period"), per),
      h("label", { class: "field" }, h("span", {}, "Target"), tgt),
      h("button", { type: "submit", class: "btn primary", id: "new-goal-save" }, "Add goal"),
    );
    add.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveGoal(kpiSel.value, per.value.trim(), tgt.value, null);
    });
    const months: [string, string][] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].map((m, i) => [String(i + 1), m]);
    const green = h("input", { id: "th-green", type: "text", value: s === null ? "" : `${Math.round(s.thresholds.green * 100)}%` });
    const amber = h("input", { id: "th-amber", type: "text", value: s === null ? "" : `${Math.round(s.thresholds.amber * 100)}%` });
    const thForm = h(
      "form",
      { class: "form-row", id: "thresholds" },
      h("label", { class: "field" }, h("span", {}, "Green from"), green),
      h("label", { class: "field" }, h("span", {}, "Amber from"), amber),
      h("button", { type: "submit", class: "btn" }, "Save thresholds"),
    );
    thForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.setting("thresholds", `${green.value},${amber.value}`);
    });
    // The settings sit below the table; a long table must not stand between them and the keyboard.
    const settingsTitle = h("h2", { id: "goal-settings-title", tabindex: "-1" }, "Status and fiscal year");
    const toSettings = button("Status and fiscal year ↓", () => settingsTitle.focus(), {
      subtle: true,
      id: "goto-goal-settings",
      title: "The thresholds of the status colours, and the month the fiscal year starts",
    });
    return h(
      "section",
      { class: "goals", id: "goals" },
      h(
        "div",
        { class: "card" },
        h(
          "div",
          { class: "card-head" },
          h("h2", { id: "goals-title", tabindex: "-1" }, `Goals (${this.goals.length})`),
          h("div", { class: "card-actions" }, toSettings, button("Import targets sheet…", () => void this.open("targets"), { id: "import-targets", title: "A sheet with KPI, period, target (and segment) columns" })),
        ),
        add,
        h("p", { class: "muted" }, `New goals apply to: ${st.filterText(this.saved.filter)} (the scorecard's filter).`),
        this.goals.length === 0
          ? h("p", { class: "muted" }, "No goals yet. Without a goal a KPI shows its value but no status colour.")
          : h(
              "table",
              { id: "goals-table" },
              h("thead", {}, h("tr", {}, h("th", {}, "KPI"), h("th", {}, "Period"), h("th", {}, "Segment"), h("th", { class: "num" }, "Target"), h("th", {}, "Source"), h("th", {}, h("span", { class: "sr-only" }, "Actions")))),
              h("tbody", {}, ...rows),
            ),
      ),
      h(
        "div",
        { class: "card" },
        settingsTitle,
        h("p", { class: "muted" }, "A KPI is green at or above the green share of its goal, amber from the amber share, red below."),
        thForm,
        select("fiscal-start", "Fiscal year starts in", months, String(s?.fiscal_start_month ?? 1), (v) => void this.setting("fiscal_start_month", v)),
      ),
    );
  }

  private async editGoal(g: Goal): Promise<void> {
    const unit = this.unitOf(g.kpi);
    const input = h("input", { id: "edit-goal-target", type: "text", value: unit === "ratio" ? `${g.target * 100}%` : String(g.target) });
    const { dialog, result } = modal(
      "edit-goal",
      `${this.kpiName(g.kpi)}, ${g.period}`,
      [h("p", { class: "muted" }, st.filterText(g.filter)), h("label", { class: "field" }, h("span", {}, "Target"), input)],
      [
        { text: "Cancel", value: "cancel" },
        { text: "Save", value: "ok", primary: true },
      ],
    );
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      // The key must not reach the Edit button the focus returns to.
      e.preventDefault();
      dialog.close("ok");
    });
    input.focus();
    if ((await result) !== "ok") return;
    await this.saveGoal(g.kpi, g.period, input.value, g);
  }

  private dataView(): HTMLElement {
    const idle = this.importing === null;
    const review = h("input", { type: "checkbox", id: "review-imports" });
    review.checked = this.reviewAll();
    review.addEventListener("change", () => this.storage.setItem(REVIEW_KEY, review.checked ? "1" : "0"));
    const rows = this.datasets.map((d) =>
      h(
        "tr",
        { "data-id": String(d.id) },
        h("td", {}, h("span", { class: "name" }, d.name)),
        h("td", {}, h("span", { class: `kind kind-${d.kind}` }, kindLabel(d.kind))),
        h("td", { class: "num" }, formatCount(d.rows)),
        h("td", { class: "path", title: d.source_file }, d.source_file),
        h("td", {}, formatWhen(d.imported_at)),
        h(
          "td",
          { class: "row-actions" },
          button("Re-import", () => void this.reimport(d), { subtle: true, id: `reimport-${d.id}`, disabled: !idle, title: `Import ${d.source_file} again, replacing this dataset` }),
          button("Remove", () => void this.remove(d), { subtle: true, id: `remove-${d.id}`, disabled: !idle, title: `Remove ${d.name}` }),
        ),
      ),
    );
    const table =
      this.datasets.length === 0
        ? h("p", { class: "muted" }, "No data yet: drop a spreadsheet on the window, import one, or load the sample.")
        : h(
            "table",
            { id: "datasets" },
            h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Kind"), h("th", { class: "num" }, "Rows"), h("th", {}, "Source file"), h("th", {}, "Imported"), h("th", {}, h("span", { class: "sr-only" }, "Actions")))),
            h("tbody", {}, ...rows),
          );
    const history = h("section", { class: "card", id: "history" }, h("h2", {}, "Import history"));
    if (this.history.length === 0) history.append(h("p", { class: "muted" }, "Nothing imported yet."));
    for (const [i, r] of this.history.entries()) history.append(this.reportBlock(r, `h${i}`));
    return h(
      "section",
      { class: "data" },
      h(
        "div",
        { class: "card" },
        h("div", { class: "card-head" }, h("h2", { id: "datasets-title", tabindex: "-1" }, `Datasets (${this.datasets.length})`), h("label", { class: "check" }, review, "Show the import wizard for every file")),
        table,
      ),
      history,
    );
  }

  private emptyState(): HTMLElement {
    return h(
      "section",
      { class: "card empty", id: "empty-state" },
      h("h2", {}, "Your sales data, at a glance"),
      h("p", {}, "Drop an Excel or CSV export anywhere in this window, or open one. Everything stays on this computer."),
      h(
        "div",
        { class: "actions" },
        button("Import files…", () => void this.open(), { primary: true, disabled: this.picking, id: "empty-open" }),
        button("Load sample data", () => void this.sample(), { id: "empty-load-sample", disabled: this.picking || this.importing !== null }),
      ),
      h("p", { class: "muted" }, "Reads xlsx, xlsm, xls, xlsb, ods, CSV and TSV: deals, orders, leads, activities, spend and targets."),
    );
  }

  private progressPanel(): HTMLElement {
    const p = this.importing?.progress ?? null;
    const v = p === null ? { fraction: null } : progressView(p);
    const bar = h("progress", { max: "1", id: "import-progress", "aria-label": "Import progress" });
    if (v.fraction !== null) bar.value = v.fraction;
    return h(
      "section",
      { class: "card progress", "aria-busy": "true" },
      h("div", { class: "progress-row" }, h("span", { id: "progress-label", "aria-live": "polite" }, this.progressLabel()), button("Cancel", () => void this.api.cancelImport(), { id: "cancel-import", title: "Cancel (Esc); nothing from the file in progress is kept" })),
      bar,
    );
  }

  private errorBox(e: CoreError): HTMLElement {
    const v = errorView(e);
    return h("div", { class: "error", role: "alert" }, h("strong", {}, v.title), v.where ? h("div", { class: "where" }, v.where) : null, h("div", { class: "hint" }, v.hint));
  }

  /** The way forward from a database that cannot be used: nothing is deleted either way. */
  private databasePanel(e: CoreError): HTMLElement {
    return h(
      "section",
      { class: "card", id: "database-unusable" },
      h("h2", {}, "Salescope cannot use its database"),
      this.errorBox(e),
      h(
        "div",
        { class: "actions" },
        button("Start fresh, keeping the old file aside", () => void this.startFresh(), { primary: true, id: "db-start-fresh" }),
        button("Open another database…", () => void this.openOtherDatabase(), { id: "db-open-other" }),
      ),
    );
  }

  private async startFresh(): Promise<void> {
    try {
      const aside = await this.api.databaseStartFresh();
      this.dbPath = "";
      this.say(aside === "" ? "A new database was started." : `A new database was started. The old file is kept as ${aside}.`, "info");
      await this.refresh();
    } catch (e) {
      this.say(errorView(e).title, "warn");
    }
  }

  private async openOtherDatabase(): Promise<void> {
    try {
      const info = await this.api.databaseOpenOther();
      if (info === null) return;
      this.dbPath = info.path;
      this.say(`Now using ${info.path} (${formatCount(info.datasets)} datasets).`, "info");
      await this.refresh();
    } catch (e) {
      this.say(errorView(e).title, "warn");
    }
  }

  private errorsPanel(o: ImportOutcome): HTMLElement {
    return h(
      "section",
      { class: "card report", id: "report" },
      h("div", { class: "card-head" }, h("h2", {}, "Import problems"), button("Dismiss", () => {
        this.lastOutcome = null;
        this.render();
      }, { subtle: true, id: "dismiss-report" })),
      ...o.errors.map((e) => this.errorBox(e)),
    );
  }

  private reportBlock(r: ImportReport, key: string): HTMLElement {
    const how = [r.format, r.encoding, r.delimiter ? `${r.delimiter}-separated` : null].filter((x): x is string => x !== null);
    const file = h("details", { class: "file" }, h("summary", { id: `report-${key}` }, h("strong", {}, r.file), h("span", { class: "muted" }, ` · ${how.join(", ")} · ${r.sheets.map((s) => sheetSummary(s)).join("; ")}`)));
    for (const sh of r.sheets) {
      const block = h("div", { class: "sheet" }, h("h4", {}, sheetSummary(sh)));
      for (const k of sh.skipped) block.append(h("p", { class: "skipped" }, skippedText(k)));
      block.append(
        h(
          "table",
          { class: "columns" },
          h("thead", {}, h("tr", {}, h("th", {}, "Col"), h("th", {}, "Header"), h("th", {}, "Type"), h("th", {}, "Role"), h("th", { class: "num" }, "Filled"))),
          h("tbody", {}, ...sh.columns.map((c) => h("tr", {}, h("td", {}, c.letter), h("td", {}, c.header), h("td", {}, columnTypeText(c)), h("td", {}, c.role ?? "—"), h("td", { class: "num" }, formatCount(c.filled))))),
        ),
      );
      if (sh.warning_count > 0) block.append(h("p", { class: "muted" }, warningsHeading(sh)), h("ul", { class: "warnings" }, ...sh.warnings.map((w) => h("li", {}, warningText(w)))));
      file.append(block);
    }
    for (const k of r.skipped_sheets) file.append(h("p", { class: "muted" }, `Sheet "${k.sheet}" skipped: ${k.reason}`));
    return file;
  }

  private wizardPanel(w: wz.Wizard): HTMLElement {
    const p = w.preview;
    const t = p.table;
    const busy = this.wizardBusy || this.importing !== null;
    const facts: Child[] = [kindOfFile(p.format), p.encoding, p.delimiter ? `${p.delimiter}-separated` : null];
    const head = h("div", { class: "wizard-head" }, h("h2", { id: "wizard-title" }, `Import ${p.file}`), h("p", { class: "muted", id: "wizard-format" }, facts.filter(Boolean).join(" · ")));
    const body = h("div", { class: "wizard-body" });
    if (p.sheets.length > 0) {
      const list = h("ul", { class: "sheets", id: "wizard-sheets", "aria-label": "Sheets" });
      for (const s of p.sheets) {
        const cb = h("input", { type: "checkbox", id: `sheet-inc-${s.name}`.replace(/[^A-Za-z0-9_-]/g, "_"), "aria-label": `Import sheet ${s.name}` });
        cb.checked = w.choices[s.name]?.include ?? false;
        cb.disabled = s.note !== null || busy;
        cb.addEventListener("change", () => {
          this.wizard = wz.setIncluded(w, s.name, cb.checked);
          this.render();
        });
        const show = button(s.name, () => void this.rePreview(s.name), { subtle: s.name !== p.sheet, disabled: busy || s.note !== null, title: s.note ?? `Show sheet ${s.name}` });
        if (s.name === p.sheet) show.setAttribute("aria-current", "true");
        list.append(h("li", {}, cb, show, s.note !== null ? h("small", { class: "muted" }, s.note) : null));
      }
      body.append(h("div", { class: "wizard-sheets" }, h("h3", {}, "Sheets"), list));
    }
    const main = h("div", { class: "wizard-main" });
    if (p.imported_as !== null) main.append(h("p", { class: "status info" }, `This content was imported before (dataset ${p.imported_as}). Importing again replaces that dataset.`));
    if (t === null) {
      main.append(h("p", { class: "status warn", id: "wizard-skipped" }, p.skipped ?? "No table found on this sheet."));
    } else {
      const kinds: [string, string][] = [["", t.kind === null ? "Choose…" : `${kindLabel(t.kind)} (detected)`], ...wz.RECORD_KINDS.map((k): [string, string] => [k, kindLabel(k)])];
      const chosenKind = w.choices[wz.sheetKey(p)]?.kind ?? "";
      main.append(
        h(
          "div",
          { class: "form-row" },
          select("wizard-kind", "The rows are", kinds, chosenKind, (v) => {
            this.wizard = wz.setKind(w, v === "" ? null : (v as RecordKind));
            void this.rePreview(p.sheet);
          }),
          h("p", { class: "muted" }, `Header on row ${t.header_row} · types from ${formatCount(t.rows_read)} rows${t.complete ? "" : " (the first ones)"}${t.remembered ? " · columns as you chose last time" : ""}`),
        ),
      );
      if (t.kind_reason !== null && t.kind === null) main.append(h("p", { class: "status warn" }, t.kind_reason));
      const roles = wz.currentRoles(w);
      const head = h("tr", {}, h("th", {}, "Row"));
      const roleRow = h("tr", { class: "role-row" }, h("th", {}, "Role"));
      const typeRow = h("tr", { class: "type-row" }, h("th", {}, "Type"));
      t.columns.forEach((c, i) => {
        head.append(h("th", { title: `Column ${c.letter}` }, `${c.letter} · ${c.header}`));
        typeRow.append(h("td", { class: c.odd > 0 ? "odd" : "" }, `${c.column_type}${c.currency ? ` (${c.currency})` : ""}${c.odd > 0 ? `, ${c.odd} odd` : ""}`));
        const opts: [string, string][] = [["", "—  not used"], ...t.roles.map((r): [string, string] => [r.role, `${r.role.replace(/_/g, " ")}${r.required ? " *" : ""} (${r.holds})`])];
        const sel = select(`role-${i}`, `Role of ${c.header}`, opts, roles[i] ?? "", (v) => {
          this.wizard = wz.setRole(w, c.header, v === "" ? null : v);
          this.render();
        });
        sel.classList.add("compact");
        roleRow.append(h("td", {}, sel));
      });
      const rows = t.rows.map((r) =>
        h("tr", {}, h("th", {}, String(r.row)), ...r.cells.map((cell, i) => h("td", { class: r.odd.includes(i) ? "odd" : "", title: r.odd.includes(i) ? "Does not fit the column's type; kept as text" : "" }, cell))),
      );
      main.append(h("div", { class: "preview-scroll" }, h("table", { class: "preview", id: "wizard-preview" }, h("thead", {}, head, typeRow, roleRow), h("tbody", {}, ...rows))));
    }
    if (this.wizardError !== null) main.append(this.errorBox(this.wizardError));
    body.append(main);
    const why = wz.blocker(w);
    const foot = h(
      "div",
      { class: "actions wizard-foot" },
      h("span", { class: "muted", id: "wizard-blocker" }, why ?? (this.queue.length > 0 ? `${this.queue.length} more file(s) after this one` : "")),
      button("Cancel", () => this.closeWizard(), { id: "wizard-cancel", disabled: this.wizardBusy && this.importing !== null }),
      button(p.sheets.length > 1 ? `Import ${wz.included(w).length} sheet(s)` : "Import", () => void this.confirmImport(), { primary: true, id: "wizard-import", disabled: why !== null || busy }),
    );
    const panel = h("div", { class: "wizard", role: "dialog", "aria-modal": "true", "aria-labelledby": "wizard-title", id: "wizard" }, head, body, this.importing !== null ? this.progressPanel() : null, foot);
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.importing === null) {
        e.stopPropagation();
        this.closeWizard();
      }
    });
    return h("div", { class: "backdrop" }, panel);
  }
}

function kindOfFile(f: string): string {
  return f === "csv" ? "CSV text" : `${f} workbook`;
}

/** Anything a command rejected with, as the core's error shape. */
export function toCoreError(e: unknown): CoreError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) return e as CoreError;
  return { code: "io", message: e instanceof Error ? e.message : String(e), location: null };
}
