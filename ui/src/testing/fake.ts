// The app's backend faked for the window's tests (app.test.ts,
// app.input.test.ts, …): answers the tests set, events they fire, and the
// helpers that open the window over it. No Tauri.

import { App } from "../app";
import type { DatasetInfo } from "../bindings/DatasetInfo";
import type { Detail } from "../bindings/Detail";
import type { Error as CoreError } from "../bindings/Error";
import type { ExportProgress } from "../bindings/ExportProgress";
import type { FileTicket } from "../bindings/FileTicket";
import type { FilterPair } from "../bindings/FilterPair";
import type { Goal } from "../bindings/Goal";
import type { Settings as KpiSettings } from "../bindings/Settings";
import type { Home } from "../bindings/Home";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { KpiInfo } from "../bindings/KpiInfo";
import type { KpiResult } from "../bindings/KpiResult";
import type { Outlook } from "../bindings/Outlook";
import type { OutlookPage } from "../bindings/OutlookPage";
import { outlookOf, outlookPage, settingsOf } from "./outlook";
import { NoteBook, whyOf } from "./detail";
import type { StageCategory } from "../bindings/StageCategory";
import type { WhatIf } from "../bindings/WhatIf";
import type { PeriodKind } from "../bindings/PeriodKind";
import type { Preview } from "../bindings/Preview";
import type { Preset } from "../bindings/SizePreset";
import type { Progress } from "../bindings/Progress";
import type { SheetMapping } from "../bindings/SheetMapping";
import type { Versus } from "../bindings/Versus";
import type { ViewQuery } from "../bindings/ViewQuery";
import type { Why } from "../bindings/Why";
import type { Size as ChartSize } from "../bindings/ChartSize";
import type { Saved } from "../bindings/Saved";
import type { Backend, DragState } from "../ipc";

const deals: DatasetInfo = {
  id: 7,
  name: "q1-deals.csv",
  kind: "deals",
  source_file: "/home/ann/q1-deals.csv",
  sheet: null,
  rows: 1234,
  imported_at: "2026-11-23T14:05:09Z",
  content_hash: "abc",
};

export function kpi(id: string, name: string, perspective: KpiResult["perspective"], value: number | null): KpiResult {
  return {
    id,
    name,
    perspective,
    unit: id === "win_rate" ? "ratio" : "currency",
    better: "higher",
    value,
    goal: value === null ? null : 100,
    goal_source: value === null ? null : "set",
    expected: null,
    attainment: value === null ? null : value / 100,
    status: value === null ? "none" : value >= 100 ? "green" : "red",
    previous: null,
    year_ago: null,
    projection: null,
    variant: "default",
    definition: `${id} = formula`,
    reason: value === null ? "import a leads sheet to see this" : null,
  };
}

/** The core's default focus set: every KPI with a goal, else every KPI with a value. */
function byDefault(kpis: KpiResult[]): string[] {
  const withGoal = kpis.filter((k) => k.goal !== null);
  return (withGoal.length > 0 ? withGoal : kpis.filter((k) => k.value !== null)).map((k) => k.id);
}

/**
 * The scorecard of a view: new leads (no value, no goal) and total revenue,
 * then `more`; its focus set the `focus` setting, else every KPI with a goal
 * (with a value, when none has a goal).
 */
function home(period: string, filter: FilterPair[], revenue: number, more: KpiResult[], focus: string[] | null): Home {
  const kpis = [
    kpi("new_leads", "New leads", "lead_generation", null),
    kpi("total_revenue", "Total sales revenue", "revenue", revenue),
    ...more,
  ];
  return {
    scorecard: {
      period: { label: period, kind: "quarter", start: "2025-04-01", end: "2025-06-30", to_date: null, elapsed: null },
      filter,
      focus: focus ?? byDefault(kpis),
      focus_set: focus !== null,
      kpis,
      perspectives: [
        { id: "lead_generation", name: "Lead generation", score: null, status: "none", scored: 0 },
        { id: "revenue", name: "Revenue", score: revenue / 100, status: revenue >= 100 ? "green" : "red", scored: 1 },
      ],
      score: revenue / 100,
      status: revenue >= 100 ? "green" : "red",
      breakdown: null,
      revenue_source: "deals",
      data_from: "2024-01-01",
      data_through: "2025-12-31",
      fiscal_start_month: 1,
    },
    tiles: kpis.map((k) => ({ spec: `tile:${k.id}`, svg: `<svg viewBox="0 0 320 180"></svg>`, regions: [] })),
    currency: "$",
  };
}

export const csvPreview = (
  remembered: boolean,
  kind: Preview["table"] extends infer T ? (T extends { kind: infer K } ? K : never) : never = "deals",
): Preview => ({
  file: "march.csv",
  format: "csv",
  encoding: "UTF-8",
  delimiter: "comma",
  sheets: [],
  sheet: null,
  skipped: null,
  imported_as: null,
  table: {
    header_row: 1,
    columns: [
      { letter: "A", header: "Owner", column_type: "text", currency: null, role: "rep", odd: 0 },
      { letter: "B", header: "Value", column_type: "money", currency: "$", role: null, odd: 0 },
      { letter: "C", header: "Stage", column_type: "text", currency: null, role: "stage", odd: 0 },
    ],
    rows: [{ row: 2, cells: ["Ann", "$1,200", "Won"], odd: [] }],
    rows_read: 1,
    complete: true,
    kind,
    kind_reason: null,
    remembered,
    roles: [
      { role: "amount", required: true, holds: "number" },
      { role: "stage", required: true, holds: "text" },
      { role: "rep", required: false, holds: "text" },
    ],
    missing: ["amount"],
    targets: null,
    quota: false,
  },
});

const done: ImportOutcome = { reports: [], errors: [], cancelled: false };

/** A backend whose answers the test sets, and whose events the test fires. */
export class FakeBackend implements Backend {
  datasets: DatasetInfo[] = [deals];
  calls: string[] = [];
  views: ViewQuery[] = [];
  imports: [number, ImportOptions][] = [];
  previews: [number, string | null, SheetMapping][] = [];
  preview: Preview = csvPreview(false);
  revenueFor = (v: ViewQuery) => (v.period === "2025-Q3" ? 120 : v.filter.length > 0 ? 80 : 95);
  /** KPIs the scorecard has after new leads and total revenue. */
  moreKpis: KpiResult[] = [];
  /** The `focus` setting (null: not set), as setSetting leaves it. */
  focus: string[] | null = null;
  private handlers = new Map<string, (payload: never) => void>();

  fire(event: "progress", p: Progress): void;
  fire(event: "drag", d: DragState): void;
  fire(event: "dropped", files: FileTicket[]): void;
  fire(event: "finished", o: ImportOutcome): void;
  fire(event: "export", p: ExportProgress): void;
  fire(event: string, payload: unknown): void {
    (this.handlers.get(event) as ((p: unknown) => void) | undefined)?.(payload);
  }
  private on(event: string, f: (payload: never) => void) {
    this.handlers.set(event, f);
    return Promise.resolve(() => {});
  }

  listDatasets = () => Promise.resolve(this.datasets);
  importHistory = () => Promise.resolve([]);
  pickFiles = () => {
    this.calls.push("pick");
    return Promise.resolve([{ id: 3, name: "march.csv" }]);
  };
  previewFile = (file: number, sheet: string | null, mapping: SheetMapping) => {
    this.previews.push([file, sheet, mapping]);
    return Promise.resolve(mapping.kind === "leads" ? csvPreview(false, "leads") : this.preview);
  };
  importTicket = (file: number, options: ImportOptions) => {
    this.imports.push([file, options]);
    return Promise.resolve(done);
  };
  reimportDataset = (id: number) => {
    this.calls.push(`reimport ${id}`);
    return Promise.resolve(done);
  };
  loadSample = () => {
    this.calls.push("sample");
    return Promise.resolve(done);
  };
  removeDataset = (id: number) => {
    this.calls.push(`remove ${id}`);
    this.datasets = this.datasets.filter((d) => d.id !== id);
    return Promise.resolve(deals);
  };
  cancelImport = () => {
    this.calls.push("cancel");
    return Promise.resolve();
  };
  dbInfo = () =>
    Promise.resolve({ path: "/home/ann/.local/share/salescope/salescope.db", datasets: this.datasets.length });
  databaseStartFresh = () => (
    this.calls.push("start_fresh"),
    Promise.resolve("/home/ann/.local/share/salescope/salescope.unusable-20261124T101500.000Z.db")
  );
  databaseOpenOther = () => (this.calls.push("open_other"), Promise.resolve(null));
  home = (view: ViewQuery) => {
    this.views.push(view);
    return Promise.resolve(
      home(view.period ?? "2025-Q2", view.filter, this.revenueFor(view), this.moreKpis, this.focus),
    );
  };
  kpiDetail = (_view: ViewQuery, _kpi: string): Promise<Detail> =>
    Promise.reject<never>({ code: "invalid_argument", message: "not in this test", location: null });
  outlookAsks: [ViewQuery, WhatIf, string][] = [];
  figureAsks: WhatIf[] = [];
  outlookView = (view: ViewQuery, whatIf: WhatIf, kpi: string): Promise<OutlookPage> => {
    this.outlookAsks.push([view, whatIf, kpi]);
    return Promise.resolve(outlookPage(outlookOf(view.period, whatIf), kpi));
  };
  outlookFigures = (view: ViewQuery, whatIf: WhatIf): Promise<Outlook> => {
    this.figureAsks.push(whatIf);
    return Promise.resolve(outlookOf(view.period, whatIf));
  };
  stages: StageCategory[] = [
    { label: "Negotiation", stage: "open", category: "commit", set: true },
    { label: "Proposal", stage: "open", category: "pipeline", set: false },
    { label: "Closed Won", stage: "won", category: "closed", set: false },
  ];
  stageCategories = () => Promise.resolve(this.stages);
  whyAsks: [ViewQuery, string, Versus, string | null][] = [];
  whyItMoved = (view: ViewQuery, kpi: string, versus: Versus, by: string | null): Promise<Why> => {
    this.whyAsks.push([view, kpi, versus, by]);
    return Promise.resolve(whyOf(kpi, versus, by, view.period));
  };
  noteBook = new NoteBook();
  listNotes = () => Promise.resolve(this.noteBook.notes);
  saveNote = (id: number | null, days: string, text: string, kpi: string | null, filter: FilterPair[]) =>
    this.noteBook.save(id, days, text, kpi, filter);
  removeNote = (id: number) => this.noteBook.remove(id);
  dimensions = () => Promise.resolve([{ name: "region", values: ["East", "West"] }]);
  kpiCatalog = (): Promise<KpiInfo[]> => Promise.resolve([]);
  chartPresets = (): Promise<[Preset[], number[]]> => Promise.resolve([[], [1, 2, 3]]);
  stepPeriod = (period: string | null, steps: number) => {
    this.calls.push(`step ${period ?? "default"} ${steps}`);
    return Promise.resolve(steps > 0 ? "2025-Q3" : "2025-Q1");
  };
  /** Calendar quarters only (the core's own rules are tested in Rust). */
  periodOfKind = (period: string | null, kind: PeriodKind) => {
    this.calls.push(`period_of_kind ${period ?? "default"} ${kind}`);
    const [, y = "2025", q = "2"] = /^(\d{4})-Q(\d)$/.exec(period ?? "2025-Q2") ?? [];
    const month = `${y}-${String(Number(q) * 3).padStart(2, "0")}`;
    return Promise.resolve(kind === "month" ? month : kind === "year" ? y : `${y}-Q${q}`);
  };
  listGoals = (): Promise<Goal[]> => Promise.resolve([]);
  setGoal = (_kpi: string, _period: string, _filter: FilterPair[], _target: string): Promise<Goal> =>
    Promise.reject<never>(new Error("unused"));
  removeGoal = () => Promise.reject<never>(new Error("unused"));
  getSettings = (): Promise<KpiSettings> => Promise.resolve(settingsOf({ focus: this.focus }));
  settingsSet: [string, string][] = [];
  setSetting = (key: string, value: string): Promise<KpiSettings> => {
    this.settingsSet.push([key, value]);
    // The focus set is kept (an empty value resets it); the scorecard shows it.
    if (key === "focus") this.focus = value === "" ? null : value.split(",");
    return Promise.resolve(settingsOf({ focus: this.focus }));
  };
  exportChart = () => Promise.resolve(null);
  exportCharts = (_specs: string[], _view: ViewQuery, _size: ChartSize): Promise<Saved | null> => Promise.resolve(null);
  copyChart = () => Promise.resolve();
  deckAsks: ViewQuery[] = [];
  /** What Export deck… answers: by default, the save dialog cancelled. */
  deckAnswer: () => Promise<Saved | null> = () => Promise.resolve(null);
  exportDeck = (view: ViewQuery): Promise<Saved | null> => {
    this.deckAsks.push(view);
    return this.deckAnswer();
  };
  cancelDeck = () => {
    this.calls.push("cancel_deck");
    return Promise.resolve();
  };
  launched: FileTicket[] = [];
  launchFiles = () => Promise.resolve(this.launched.splice(0));
  onProgress = (f: (p: Progress) => void) => this.on("progress", f);
  onExportProgress = (f: (p: ExportProgress) => void) => this.on("export", f);
  onDragState = (f: (d: DragState) => void) => this.on("drag", f);
  onFilesDropped = (f: (files: FileTicket[]) => void) => this.on("dropped", f);
  onImportStarted = (f: (files: string[]) => void) => this.on("started", f);
  onImportFinished = (f: (o: ImportOutcome) => void) => this.on("finished", f);
  onImportRefused = (f: (e: CoreError) => void) => this.on("refused", f);
}

export const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
export const text = (css: string) => document.querySelector<HTMLElement>(css)?.textContent ?? null;
export const click = (css: string) => document.querySelector<HTMLButtonElement>(css)!.click();

export function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

/** Opens the window over `api`, as main.ts does, and lets it settle. */
export async function openApp(root: HTMLElement, api: Backend, storage: Storage): Promise<App> {
  const app = new App(root, api, storage);
  app.render();
  await app.start();
  await flush();
  return app;
}

export { detailOf, goal } from "./detail";
