// @vitest-environment happy-dom
// The window's view over a fake backend: what a user sees and can do, with no Tauri.

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { App } from "./app";
import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { Error as CoreError } from "./bindings/Error";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { Progress } from "./bindings/Progress";
import type { Backend, DragState } from "./ipc";

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

const report: ImportReport = {
  file: "q1-deals.csv",
  format: "csv",
  encoding: "UTF-8",
  delimiter: "comma",
  sheets: [
    {
      dataset_id: 7,
      sheet: null,
      kind: "deals",
      header_row: 1,
      rows_imported: 1234,
      skipped: [{ reason: "blank row", count: 1, rows: [9] }],
      columns: [
        { letter: "A", header: "Deal ID", column_type: "text", role: "deal_id", currency: null, filled: 1234, mismatches: 0 },
        { letter: "E", header: "Amount", column_type: "money", role: "amount", currency: "$", filled: 1230, mismatches: 2 },
      ],
      warning_count: 2,
      warnings: [{ location: { file: "q1-deals.csv", sheet: null, row: 14, column: 'E "Amount"' }, message: '"n/a" is not money; kept as text' }],
      unknown_stages: [],
      already_imported: false,
    },
  ],
  skipped_sheets: [],
  elapsed_ms: 12,
};

/** A backend whose answers the test sets, and whose events the test fires. */
class FakeBackend implements Backend {
  datasets: DatasetInfo[] = [];
  history: ImportReport[] = [];
  calls: string[] = [];
  pick: () => Promise<ImportOutcome | null> = () => Promise.resolve(null);
  private handlers = new Map<string, (payload: never) => void>();

  fire(event: "progress", p: Progress): void;
  fire(event: "drag", d: DragState): void;
  fire(event: "started", files: string[]): void;
  fire(event: "finished", o: ImportOutcome): void;
  fire(event: string, payload: unknown): void {
    (this.handlers.get(event) as ((p: unknown) => void) | undefined)?.(payload);
  }
  private on(event: string, f: (payload: never) => void) {
    this.handlers.set(event, f);
    return Promise.resolve(() => {});
  }

  listDatasets = () => Promise.resolve(this.datasets);
  importHistory = () => Promise.resolve(this.history);
  pickAndImport = () => {
    this.calls.push("pick");
    return this.pick();
  };
  loadSample = () => {
    this.calls.push("sample");
    return Promise.resolve({ reports: [], errors: [], cancelled: false });
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
  dbInfo = () => Promise.resolve({ path: "/home/ann/.local/share/salescope/salescope.db", datasets: this.datasets.length });
  onProgress = (f: (p: Progress) => void) => this.on("progress", f);
  onDragState = (f: (d: DragState) => void) => this.on("drag", f);
  onImportStarted = (f: (files: string[]) => void) => this.on("started", f);
  onImportFinished = (f: (o: ImportOutcome) => void) => this.on("finished", f);
  onImportRefused = (f: (e: CoreError) => void) => this.on("refused", f);
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const text = (css: string) => document.querySelector<HTMLElement>(css)?.textContent ?? null;
const click = (css: string) => document.querySelector<HTMLButtonElement>(css)!.click();
const key = (k: string, ctrlKey = false) => document.dispatchEvent(new KeyboardEvent("keydown", { key: k, ctrlKey }));

let api: FakeBackend;
let root: HTMLElement;

async function open(): Promise<App> {
  const app = new App(root, api);
  app.render();
  await app.start();
  await flush();
  return app;
}

beforeEach(() => {
  api = new FakeBackend();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("first launch", () => {
  test("an empty database shows the welcome card with both ways in", async () => {
    await open();
    expect(text("#empty-state h2")).toBe("Your sales data, at a glance");
    const buttons = [...document.querySelectorAll("#empty-state button")].map((b) => b.textContent);
    expect(buttons).toEqual(["Open files…", "Load sample data"]);
    expect(text("#db-path")).toBe("/home/ann/.local/share/salescope/salescope.db");
    expect(document.querySelector("#datasets")).toBeNull();
    click("#empty-load-sample");
    expect(api.calls).toEqual(["sample"]);
  });
});

describe("datasets", () => {
  test("the table lists name, kind, rows and when, newest first", async () => {
    api.datasets = [deals];
    await open();
    expect(document.querySelector("#empty-state")).toBeNull();
    const cells = [...document.querySelectorAll("#datasets tbody td")].slice(0, 3).map((c) => c.textContent);
    expect(cells).toEqual(["q1-deals.csv", "Deals", "1,234"]);
  });

  test("Remove asks in the page first, and only the confirmation removes", async () => {
    api.datasets = [deals];
    await open();
    click("#remove-7");
    expect(text("#confirm-title")).toBe("Remove q1-deals.csv?");
    click("#confirm-cancel");
    await flush();
    expect(api.calls).toEqual([]);
    expect(document.querySelector("#confirm-dialog")).toBeNull();

    click("#remove-7");
    click("#confirm-ok");
    await flush();
    await flush();
    expect(api.calls).toEqual(["remove 7"]);
    expect(text("#status")).toBe("Removed q1-deals.csv (1,234 rows of deals).");
    expect(document.querySelector("#empty-state")).not.toBeNull();
  });
});

describe("importing", () => {
  test("progress with rows and a Cancel button, then the report", async () => {
    await open();
    api.fire("started", ["q1-deals.csv"]);
    expect(text("#progress-label")).toBe("Opening q1-deals.csv…");
    api.fire("progress", { file: "q1-deals.csv", sheet: null, stage: "writing", rows_done: 2500, rows_total: 10000 });
    expect(text("#progress-label")).toBe("Importing q1-deals.csv: 2,500 of 10,000 rows");
    expect(document.querySelector<HTMLProgressElement>("#import-progress")!.value).toBe(0.25);
    expect(document.querySelector<HTMLButtonElement>("#open-files")!.disabled).toBe(true);

    click("#cancel-import");
    key("Escape");
    expect(api.calls).toEqual(["cancel", "cancel"]);

    api.datasets = [deals];
    api.fire("finished", { reports: [report], errors: [], cancelled: false });
    await flush();
    expect(document.querySelector("#import-progress")).toBeNull();
    expect(text("#status")).toBe("1 file imported, 1,234 rows");
    const body = document.querySelector<HTMLElement>("#report")!.textContent!;
    expect(body).toContain("1,234 rows of deals imported (header on row 1)");
    expect(body).toContain("1 row skipped: blank row (row 9)");
    expect(body).toContain("money ($), 2 cells kept as text");
    expect(body).toContain('row 14, column E "Amount": "n/a" is not money; kept as text');
    expect(document.querySelector<HTMLDetailsElement>("#report details")!.open).toBe(true);
  });

  test("progress changes the bar in place: Cancel stays the same button, focused", async () => {
    await open();
    api.fire("started", ["big.csv"]);
    const cancel = document.querySelector<HTMLButtonElement>("#cancel-import")!;
    cancel.focus();
    for (let i = 1; i <= 3; i++) {
      api.fire("progress", { file: "big.csv", sheet: null, stage: "writing", rows_done: i * 4096, rows_total: null });
    }
    expect(document.querySelector("#cancel-import")).toBe(cancel);
    expect(document.activeElement).toBe(cancel);
    expect(text("#progress-label")).toBe("Importing big.csv: 12,288 rows");
    expect(document.querySelector("#import-progress")!.hasAttribute("value")).toBe(false);
  });

  test("keyboard focus survives a full re-render too", async () => {
    api.datasets = [deals];
    await open();
    document.querySelector<HTMLButtonElement>("#remove-7")!.focus();
    api.fire("drag", { active: true, files: 1 });
    api.fire("drag", { active: false, files: 0 });
    expect(document.activeElement?.id).toBe("remove-7");
  });

  test("each failed file is reported with where and what to do", async () => {
    await open();
    api.fire("finished", {
      reports: [report],
      errors: [
        {
          code: "missing_column",
          message: "an orders sheet needs a column for order date",
          location: { file: "q3.xlsx", sheet: "Orders", row: 4, column: null },
        },
      ],
      cancelled: false,
    });
    await flush();
    expect(text("#status")).toBe("1 file imported, 1,234 rows; 1 file could not be imported");
    expect(document.querySelector("#status")!.className).toBe("status warn");
    expect(text("#report .error strong")).toBe("An orders sheet needs a column for order date");
    expect(text("#report .error .where")).toBe('q3.xlsx, sheet "Orders", row 4');
    expect(text("#report .file h3")).toBe("q1-deals.csv · csv, UTF-8, comma-separated · 12 ms");
  });

  test("a cancelled import is neutral news with no empty report", async () => {
    await open();
    api.fire("finished", { reports: [], errors: [], cancelled: true });
    await flush();
    expect(text("#status")).toBe("Import cancelled; nothing from the file in progress was saved");
    expect(document.querySelector("#status")!.className).toBe("status info");
    expect(document.querySelector("#report")).toBeNull();
  });
});

describe("open and drop", () => {
  test("Ctrl+O opens one dialog at a time, and the buttons wait for it", async () => {
    let answer: (o: ImportOutcome | null) => void = () => {};
    api.pick = () => new Promise((r) => (answer = r));
    await open();
    key("o", true);
    key("o", true);
    expect(api.calls).toEqual(["pick"]);
    expect(document.querySelector<HTMLButtonElement>("#open-files")!.disabled).toBe(true);
    answer(null);
    await flush();
    expect(document.querySelector<HTMLButtonElement>("#open-files")!.disabled).toBe(false);
  });

  test("a refusal from the app shows as a warning line", async () => {
    api.pick = () => Promise.reject({ code: "busy", message: "the file dialog is already open", location: null });
    await open();
    click("#open-files");
    await flush();
    expect(text("#status")).toBe("The file dialog is already open");
    expect(document.querySelector("#report")).toBeNull();
  });

  test("dragging files shows the drop zone until they leave", async () => {
    await open();
    api.fire("drag", { active: true, files: 2 });
    expect(text("#dropzone strong")).toBe("Drop 2 files to import them");
    api.fire("drag", { active: false, files: 0 });
    expect(document.querySelector("#dropzone")).toBeNull();
  });
});
