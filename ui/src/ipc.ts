// The only module that talks to Tauri. Everything else in the UI is plain
// TypeScript, tested with this module replaced by a fake.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { DbInfo } from "./bindings/DbInfo";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { Progress } from "./bindings/Progress";
import type { Error as CoreError } from "./bindings/Error";

export interface DragState {
  active: boolean;
  files: number;
}

/** Everything the window asks of the app. */
export interface Backend {
  listDatasets(): Promise<DatasetInfo[]>;
  importHistory(limit: number): Promise<ImportReport[]>;
  pickAndImport(): Promise<ImportOutcome | null>;
  loadSample(): Promise<ImportOutcome>;
  removeDataset(id: number): Promise<DatasetInfo>;
  cancelImport(): Promise<void>;
  dbInfo(): Promise<DbInfo>;
  onProgress(f: (p: Progress) => void): Promise<UnlistenFn>;
  onDragState(f: (d: DragState) => void): Promise<UnlistenFn>;
  onImportStarted(f: (files: string[]) => void): Promise<UnlistenFn>;
  onImportFinished(f: (o: ImportOutcome) => void): Promise<UnlistenFn>;
  onImportRefused(f: (e: CoreError) => void): Promise<UnlistenFn>;
}

export const tauriBackend: Backend = {
  listDatasets: () => invoke<DatasetInfo[]>("list_datasets"),
  importHistory: (limit) => invoke<ImportReport[]>("import_history", { limit }),
  pickAndImport: () => invoke<ImportOutcome | null>("pick_and_import"),
  loadSample: () => invoke<ImportOutcome>("load_sample"),
  removeDataset: (id) => invoke<DatasetInfo>("remove_dataset", { id }),
  cancelImport: () => invoke<void>("cancel_import"),
  dbInfo: () => invoke<DbInfo>("db_info"),
  onProgress: (f) => listen<Progress>("import-progress", (e) => f(e.payload)),
  onDragState: (f) => listen<DragState>("drag-state", (e) => f(e.payload)),
  onImportStarted: (f) => listen<string[]>("import-started", (e) => f(e.payload)),
  onImportFinished: (f) => listen<ImportOutcome>("import-finished", (e) => f(e.payload)),
  onImportRefused: (f) => listen<CoreError>("import-refused", (e) => f(e.payload)),
};
