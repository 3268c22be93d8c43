// The only module that talks to Tauri (the only importer of @tauri-apps/*):
// the `Backend` the actions ask. Everything else in the UI is plain
// TypeScript, tested with this module replaced by a fake.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Size as ChartSize } from "./bindings/ChartSize";
import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { DbInfo } from "./bindings/DbInfo";
import type { Detail } from "./bindings/Detail";
import type { Dimension } from "./bindings/Dimension";
import type { Error as CoreError } from "./bindings/Error";
import type { FileTicket } from "./bindings/FileTicket";
import type { FilterPair } from "./bindings/FilterPair";
import type { Goal } from "./bindings/Goal";
import type { Home } from "./bindings/Home";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Note } from "./bindings/Note";
import type { Outlook } from "./bindings/Outlook";
import type { OutlookPage } from "./bindings/OutlookPage";
import type { Settings as KpiSettings } from "./bindings/Settings";
import type { Preset } from "./bindings/SizePreset";
import type { PeriodKind } from "./bindings/PeriodKind";
import type { Preview } from "./bindings/Preview";
import type { Progress } from "./bindings/Progress";
import type { ExportProgress } from "./bindings/ExportProgress";
import type { Saved } from "./bindings/Saved";
import type { SheetMapping } from "./bindings/SheetMapping";
import type { StageCategory } from "./bindings/StageCategory";
import type { Versus } from "./bindings/Versus";
import type { ViewQuery } from "./bindings/ViewQuery";
import type { WhatIf } from "./bindings/WhatIf";
import type { Why } from "./bindings/Why";

export interface DragState {
  active: boolean;
  files: number;
}

/** Everything the window asks of the app. */
export interface Backend {
  listDatasets(): Promise<DatasetInfo[]>;
  importHistory(limit: number): Promise<ImportReport[]>;
  pickFiles(): Promise<FileTicket[]>;
  previewFile(file: number, sheet: string | null, mapping: SheetMapping): Promise<Preview>;
  importTicket(file: number, options: ImportOptions): Promise<ImportOutcome>;
  reimportDataset(id: number): Promise<ImportOutcome>;
  loadSample(): Promise<ImportOutcome>;
  removeDataset(id: number): Promise<DatasetInfo>;
  cancelImport(): Promise<void>;
  dbInfo(): Promise<DbInfo>;
  /** Moves an unusable database aside and starts a new one; where the old file went ("" if there was none). */
  databaseStartFresh(): Promise<string>;
  /** Asks for another database and uses it; null when the dialog was cancelled. */
  databaseOpenOther(): Promise<DbInfo | null>;
  home(view: ViewQuery): Promise<Home>;
  kpiDetail(view: ViewQuery, kpi: string): Promise<Detail>;
  /** The Outlook view: figures and plan (with the what-ifs), its chart, and `kpi`'s leaderboard by rep. */
  outlookView(view: ViewQuery, whatIf: WhatIf, kpi: string): Promise<OutlookPage>;
  /** The outlook's figures alone (cheap: asked as what-ifs are typed). */
  outlookFigures(view: ViewQuery, whatIf: WhatIf): Promise<Outlook>;
  /** The deals' stage labels with their forecast categories. */
  stageCategories(): Promise<StageCategory[]>;
  /** Why `kpi` moved in the view against `versus`, split by `by` (null: the dimension that explains most). */
  whyItMoved(view: ViewQuery, kpi: string, versus: Versus, by: string | null): Promise<Why>;
  /** Every note, oldest first. */
  listNotes(): Promise<Note[]>;
  /** Adds a note (`id` null) or rewrites note `id`; `days`: `2024-03-12` or `2024-03-01..2024-03-31`. */
  saveNote(id: number | null, days: string, text: string, kpi: string | null, filter: FilterPair[]): Promise<Note>;
  removeNote(id: number): Promise<Note>;
  dimensions(): Promise<Dimension[]>;
  kpiCatalog(): Promise<KpiInfo[]>;
  /** The export sizes (slide, 4:3, square) and scales the core offers. */
  chartPresets(): Promise<[Preset[], number[]]>;
  stepPeriod(period: string | null, steps: number): Promise<string>;
  /**
   * The period of `kind` that holds the last day of `period` (null: the
   * default one), as the core writes it: `2025-09`, `2025-Q3` or `FY2026-Q2`,
   * `2025` or `FY2026`, `start..end` for a range or week.
   */
  periodOfKind(period: string | null, kind: PeriodKind): Promise<string>;
  listGoals(): Promise<Goal[]>;
  setGoal(kpi: string, period: string, filter: FilterPair[], target: string): Promise<Goal>;
  removeGoal(id: number): Promise<Goal>;
  getSettings(): Promise<KpiSettings>;
  /** Changes one setting; an empty value puts its default back. */
  setSetting(key: string, value: string): Promise<KpiSettings>;
  exportChart(spec: string, view: ViewQuery, size: ChartSize): Promise<Saved | null>;
  exportCharts(specs: string[], view: ViewQuery, size: ChartSize): Promise<Saved | null>;
  copyChart(spec: string, view: ViewQuery, size: ChartSize): Promise<void>;
  /**
   * Asks where (a save dialog: PowerPoint .pptx or PDF .pdf) and writes the
   * meeting deck of the view, sending export progress as it goes; null when
   * the dialog was cancelled. Cancelled meanwhile (cancelDeck): an error of
   * code "cancelled", nothing written.
   */
  exportDeck(view: ViewQuery): Promise<Saved | null>;
  /** Stops the deck being written. */
  cancelDeck(): Promise<void>;
  launchFiles(): Promise<FileTicket[]>;
  onProgress(f: (p: Progress) => void): Promise<UnlistenFn>;
  onExportProgress(f: (p: ExportProgress) => void): Promise<UnlistenFn>;
  onDragState(f: (d: DragState) => void): Promise<UnlistenFn>;
  onFilesDropped(f: (files: FileTicket[]) => void): Promise<UnlistenFn>;
  onImportStarted(f: (files: string[]) => void): Promise<UnlistenFn>;
  onImportFinished(f: (o: ImportOutcome) => void): Promise<UnlistenFn>;
  onImportRefused(f: (e: CoreError) => void): Promise<UnlistenFn>;
}

export const tauriBackend: Backend = {
  listDatasets: () => invoke<DatasetInfo[]>("list_datasets"),
  importHistory: (limit) => invoke<ImportReport[]>("import_history", { limit }),
  pickFiles: () => invoke<FileTicket[]>("pick_files"),
  previewFile: (file, sheet, mapping) => invoke<Preview>("preview_file", { file, sheet, mapping }),
  importTicket: (file, options) => invoke<ImportOutcome>("import_ticket", { file, options }),
  reimportDataset: (id) => invoke<ImportOutcome>("reimport_dataset", { id }),
  loadSample: () => invoke<ImportOutcome>("load_sample"),
  removeDataset: (id) => invoke<DatasetInfo>("remove_dataset", { id }),
  cancelImport: () => invoke<void>("cancel_import"),
  dbInfo: () => invoke<DbInfo>("db_info"),
  databaseStartFresh: () => invoke<string>("database_start_fresh"),
  databaseOpenOther: () => invoke<DbInfo | null>("database_open_other"),
  home: (view) => invoke<Home>("home", { view }),
  kpiDetail: (view, kpi) => invoke<Detail>("kpi_detail", { view, kpi }),
  // Tauri hands camelCase keys to the command's snake_case arguments (whatIf -> what_if).
  outlookView: (view, whatIf, kpi) => invoke<OutlookPage>("outlook_view", { view, whatIf, kpi }),
  outlookFigures: (view, whatIf) => invoke<Outlook>("outlook_figures", { view, whatIf }),
  stageCategories: () => invoke<StageCategory[]>("stage_categories"),
  whyItMoved: (view, kpi, versus, by) => invoke<Why>("why_it_moved", { view, kpi, versus, by }),
  listNotes: () => invoke<Note[]>("list_notes"),
  saveNote: (id, days, text, kpi, filter) => invoke<Note>("save_note", { id, days, text, kpi, filter }),
  removeNote: (id) => invoke<Note>("remove_note", { id }),
  dimensions: () => invoke<Dimension[]>("dimensions"),
  kpiCatalog: () => invoke<KpiInfo[]>("kpi_catalog"),
  chartPresets: () => invoke<[Preset[], number[]]>("chart_presets"),
  stepPeriod: (period, steps) => invoke<string>("step_period", { period, steps }),
  periodOfKind: (period, kind) => invoke<string>("period_of_kind", { period, kind }),
  listGoals: () => invoke<Goal[]>("list_goals"),
  setGoal: (kpi, period, filter, target) => invoke<Goal>("set_goal", { kpi, period, filter, target }),
  removeGoal: (id) => invoke<Goal>("remove_goal", { id }),
  getSettings: () => invoke<KpiSettings>("get_settings"),
  setSetting: (key, value) => invoke<KpiSettings>("set_setting", { key, value }),
  exportChart: (spec, view, size) => invoke<Saved | null>("export_chart", { spec, view, size }),
  exportCharts: (specs, view, size) => invoke<Saved | null>("export_charts", { specs, view, size }),
  copyChart: (spec, view, size) => invoke<void>("copy_chart", { spec, view, size }),
  exportDeck: (view) => invoke<Saved | null>("export_deck", { view }),
  cancelDeck: () => invoke<void>("cancel_deck"),
  launchFiles: () => invoke<FileTicket[]>("launch_files"),
  onProgress: (f) => listen<Progress>("import-progress", (e) => f(e.payload)),
  onExportProgress: (f) => listen<ExportProgress>("export-progress", (e) => f(e.payload)),
  onDragState: (f) => listen<DragState>("drag-state", (e) => f(e.payload)),
  onFilesDropped: (f) => listen<FileTicket[]>("files-dropped", (e) => f(e.payload)),
  onImportStarted: (f) => listen<string[]>("import-started", (e) => f(e.payload)),
  onImportFinished: (f) => listen<ImportOutcome>("import-finished", (e) => f(e.payload)),
  onImportRefused: (f) => listen<CoreError>("import-refused", (e) => f(e.payload)),
};
