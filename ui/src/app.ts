// The Salescope window: the datasets in the database, the report of the last
// import, progress while importing, and a drop zone while files are dragged.
// Text from files (names, headers, values) is only ever set as textContent.
// It talks to the app only through a `Backend` (src/ipc.ts in the window, a
// fake in app.test.ts).

import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { Error as CoreError } from "./bindings/Error";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { Progress } from "./bindings/Progress";
import type { Backend } from "./ipc";
// The app's icon, drawn once for the window manager and the header alike.
import logoUrl from "../../src-tauri/icons/icon.svg";
import {
  columnTypeText,
  datasetTitle,
  dropPrompt,
  hasReport,
  errorView,
  formatCount,
  formatWhen,
  kindLabel,
  outcomeSummary,
  outcomeTone,
  progressView,
  sheetSummary,
  showEmptyState,
  skippedText,
  warningText,
  warningsHeading,
  type Tone,
} from "./view";

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

interface State {
  datasets: DatasetInfo[];
  dbPath: string;
  importing: string[] | null;
  /** The Open dialog is showing. */
  picking: boolean;
  progress: Progress | null;
  last: ImportOutcome | null;
  history: ImportReport[];
  /** Files being dragged over the window, or 0. */
  dragging: number;
  message: string | null;
  /** How the message is shown: a success, a failure, or neutral news. */
  tone: Tone;
  loaded: boolean;
}

export class App {
  private state: State = {
    datasets: [],
    dbPath: "",
    importing: null,
    picking: false,
    progress: null,
    last: null,
    history: [],
    dragging: 0,
    message: null,
    tone: "info",
    loaded: false,
  };

  /** Sheets of the report the user opened or folded, by file, sheet and dataset. */
  private unfolded = new Map<string, boolean>();

  constructor(
    private root: HTMLElement,
    private api: Backend,
  ) {}

  async start(): Promise<void> {
    await Promise.all([
      this.api.onProgress((p) => this.progressed(p)),
      this.api.onDragState((d) => this.set({ dragging: d.active ? Math.max(1, d.files) : 0 })),
      this.api.onImportStarted((files) => this.set({ importing: files, progress: null, message: null })),
      this.api.onImportFinished((o) => void this.finished(o)),
      this.api.onImportRefused((e) => this.set({ message: errorView(e).title, tone: "warn" })),
    ]);
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "o") {
        e.preventDefault();
        void this.open();
      } else if (e.key === "Escape" && this.state.importing !== null) {
        void this.api.cancelImport();
      }
    });
    await this.refresh();
  }

  /**
   * Progress arrives up to ten times a second: the bar and its label change in
   * place, so the Cancel button under the pointer (or holding the keyboard
   * focus) is never swapped for a new one between a press and its release.
   */
  private progressed(p: Progress): void {
    this.state = { ...this.state, progress: p };
    const label = this.root.querySelector("#progress-label");
    const bar = this.root.querySelector("#import-progress");
    if (label === null || !(bar instanceof HTMLProgressElement)) {
      this.render();
      return;
    }
    const view = progressView(p);
    label.textContent = view.label;
    bar.setAttribute("aria-label", view.label);
    if (view.fraction === null) bar.removeAttribute("value");
    else bar.value = view.fraction;
  }

  private set(patch: Partial<State>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  private async refresh(): Promise<void> {
    try {
      const [datasets, info, history] = await Promise.all([
        this.api.listDatasets(),
        this.api.dbInfo(),
        this.api.importHistory(1),
      ]);
      this.set({ datasets, dbPath: info.path, history, loaded: true });
    } catch (e) {
      this.set({ loaded: true, message: null, last: { reports: [], errors: [toCoreError(e)], cancelled: false } });
    }
  }

  private async finished(o: ImportOutcome): Promise<void> {
    this.set({
      importing: null,
      progress: null,
      last: o,
      message: outcomeSummary(o),
      tone: outcomeTone(o),
    });
    await this.refresh();
  }

  private async run(action: () => Promise<ImportOutcome | null>, picking: boolean): Promise<void> {
    if (picking) this.set({ picking: true });
    try {
      await action();
    } catch (e) {
      const err = toCoreError(e);
      if (err.code === "busy") {
        this.set({ message: errorView(err).title, tone: "warn" });
      } else if (this.state.importing === null) {
        // Errors of a batch arrive as import-finished too; only others land here.
        this.set({ last: { reports: [], errors: [err], cancelled: false } });
      }
    } finally {
      if (picking) this.set({ picking: false });
    }
  }

  private open(): Promise<void> {
    if (this.state.picking || this.state.importing !== null) return Promise.resolve();
    return this.run(() => this.api.pickAndImport(), true);
  }

  private sample(): Promise<void> {
    return this.run(() => this.api.loadSample(), false);
  }

  private async remove(d: DatasetInfo): Promise<void> {
    const ok = await confirmDialog(
      `Remove ${d.name}?`,
      `Its ${formatCount(d.rows)} rows of ${d.kind} leave the database. The file on disk is not touched; you can import it again.`,
      "Remove dataset",
    );
    if (!ok) return;
    try {
      const gone = await this.api.removeDataset(d.id);
      this.set({ message: `Removed ${datasetTitle(gone)}.`, tone: "ok" });
    } catch (e) {
      this.set({ last: { reports: [], errors: [toCoreError(e)], cancelled: false } });
    }
    await this.refresh();
  }

  render(): void {
    const s = this.state;
    const busy = s.importing !== null;
    const idle = !busy && !s.picking;
    const header = h(
      "header",
      { class: "bar" },
      h("div", { class: "brand" }, h("img", { class: "logo", src: logoUrl, alt: "" }), h("h1", {}, "Salescope")),
      h(
        "div",
        { class: "actions" },
        button("Load sample data", () => void this.sample(), { disabled: !idle, id: "load-sample" }),
        button("Open files…", () => void this.open(), {
          disabled: !idle,
          primary: true,
          id: "open-files",
          title: "Import spreadsheets (Ctrl+O)",
        }),
      ),
    );
    const main = h("main", { id: "main" });
    if (s.message !== null) {
      main.append(h("p", { class: `status ${s.tone}`, role: "status", id: "status" }, s.message));
    }
    if (busy) main.append(this.progressPanel());
    if (s.loaded && showEmptyState(s.datasets, busy) && s.last === null) {
      main.append(this.emptyState());
    } else if (s.datasets.length > 0) {
      main.append(this.datasetsTable());
    }
    const report = s.last ?? (s.history[0] ? { reports: [s.history[0]], errors: [], cancelled: false } : null);
    if (report !== null && hasReport(report) && !busy) main.append(this.reportPanel(report, s.last === null));
    const footer = h("footer", { class: "foot" }, "Database: ", h("code", { id: "db-path" }, s.dbPath));
    const overlay =
      s.dragging > 0
        ? h(
            "div",
            { class: "dropzone", id: "dropzone", "aria-live": "polite" },
            h("div", {}, h("strong", {}, dropPrompt(s.dragging, busy)), h("span", {}, "xlsx, xlsm, xls, xlsb, ods, csv, tsv")),
          )
        : null;
    // The page is rebuilt on every change (up to ten progress events a second):
    // keep keyboard focus on the same control.
    const focused = document.activeElement?.id ?? "";
    this.root.replaceChildren(header, main, footer, ...(overlay ? [overlay] : []));
    if (focused !== "") document.getElementById(focused)?.focus();
  }

  private progressPanel(): HTMLElement {
    const p = this.state.progress;
    const files = this.state.importing ?? [];
    const view = p === null ? { label: `Opening ${files.join(", ")}…`, fraction: null } : progressView(p);
    const bar = h("progress", { max: "1", id: "import-progress", "aria-label": view.label });
    if (view.fraction !== null) bar.value = view.fraction;
    return h(
      "section",
      { class: "card progress", "aria-busy": "true" },
      h("div", { class: "progress-row" }, h("span", { id: "progress-label" }, view.label), button("Cancel", () => void this.api.cancelImport(), { id: "cancel-import", title: "Cancel (Esc)" })),
      bar,
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
        button("Open files…", () => void this.open(), { primary: true, disabled: this.state.picking }),
        button("Load sample data", () => void this.sample(), { id: "empty-load-sample", disabled: this.state.picking }),
      ),
      h("p", { class: "muted" }, "Reads xlsx, xlsm, xls, xlsb, ods, CSV and TSV: deals, orders, leads, activities, spend and targets."),
    );
  }

  private datasetsTable(): HTMLElement {
    const rows = this.state.datasets.map((d) =>
      h(
        "tr",
        { "data-id": String(d.id) },
        h("td", {}, h("span", { class: "name" }, d.name)),
        h("td", {}, h("span", { class: `kind kind-${d.kind}` }, kindLabel(d.kind))),
        h("td", { class: "num" }, formatCount(d.rows)),
        h("td", {}, formatWhen(d.imported_at)),
        h("td", { class: "row-actions" }, button("Remove", () => void this.remove(d), { title: `Remove ${d.name}`, subtle: true, id: `remove-${d.id}` })),
      ),
    );
    return h(
      "section",
      { class: "card" },
      h("h2", {}, `Datasets (${this.state.datasets.length})`),
      h(
        "table",
        { id: "datasets" },
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "Name"), h("th", {}, "Kind"), h("th", { class: "num" }, "Rows"), h("th", {}, "Imported"), h("th", {}, h("span", { class: "sr-only" }, "Actions"))),
        ),
        h("tbody", {}, ...rows),
      ),
    );
  }

  private reportPanel(o: ImportOutcome, fromHistory: boolean): HTMLElement {
    const section = h("section", { class: "card report", id: "report" }, h("h2", {}, fromHistory ? "Last import" : "Import report"));
    for (const e of o.errors) {
      const v = errorView(e);
      section.append(
        h("div", { class: "error", role: "alert" }, h("strong", {}, v.title), v.where ? h("div", { class: "where" }, v.where) : null, h("div", { class: "hint" }, v.hint)),
      );
    }
    for (const [fi, r] of o.reports.entries()) {
      const how = [r.format, r.encoding, r.delimiter ? `${r.delimiter}-separated` : null].filter((x): x is string => x !== null);
      const file = h("div", { class: "file" }, h("h3", {}, r.file, h("span", { class: "muted" }, ` · ${how.join(", ")} · ${r.elapsed_ms} ms`)));
      for (const [si, sh] of r.sheets.entries()) {
        const key = `${r.file}\u0000${sh.sheet ?? ""}\u0000${sh.dataset_id}`;
        const details = h("details", {}, h("summary", { id: `sheet-${fi}-${si}` }, sheetSummary(sh)));
        // A single sheet opens; a workbook's sheets stay folded to one line each,
        // until the user opens or folds one (remembered across re-renders).
        details.open = this.unfolded.get(key) ?? r.sheets.length === 1;
        details.addEventListener("toggle", () => this.unfolded.set(key, details.open));
        for (const k of sh.skipped) details.append(h("p", { class: "skipped" }, skippedText(k)));
        if (sh.unknown_stages.length > 0) {
          details.append(h("p", { class: "muted" }, `Stages counted as open: ${sh.unknown_stages.join(", ")}`));
        }
        details.append(
          h(
            "table",
            { class: "columns" },
            h("thead", {}, h("tr", {}, h("th", {}, "Col"), h("th", {}, "Header"), h("th", {}, "Type"), h("th", {}, "Role"), h("th", { class: "num" }, "Filled"))),
            h(
              "tbody",
              {},
              ...sh.columns.map((c) =>
                h(
                  "tr",
                  {},
                  h("td", {}, c.letter),
                  h("td", {}, c.header),
                  h("td", {}, columnTypeText(c)),
                  h("td", {}, c.role ?? "—"),
                  h("td", { class: "num" }, formatCount(c.filled)),
                ),
              ),
            ),
          ),
        );
        if (sh.warning_count > 0) {
          details.append(
            h("p", { class: "muted" }, warningsHeading(sh)),
            h("ul", { class: "warnings" }, ...sh.warnings.map((w) => h("li", {}, warningText(w)))),
          );
        }
        file.append(details);
      }
      for (const k of r.skipped_sheets) file.append(h("p", { class: "muted" }, `Sheet "${k.sheet}" skipped: ${k.reason}`));
      section.append(file);
    }
    return section;
  }
}

function button(
  label: string,
  onClick: () => void,
  opts: { disabled?: boolean; primary?: boolean; subtle?: boolean; id?: string; title?: string } = {},
): HTMLButtonElement {
  const cls = ["btn", opts.primary ? "primary" : "", opts.subtle ? "subtle" : ""].filter(Boolean).join(" ");
  const b = h("button", { type: "button", class: cls }, label);
  if (opts.id !== undefined) b.id = opts.id;
  if (opts.title !== undefined) b.title = opts.title;
  b.disabled = opts.disabled ?? false;
  b.addEventListener("click", onClick);
  return b;
}

/** A modal confirmation in the page; resolves true when confirmed. */
function confirmDialog(title: string, body: string, confirm: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = h("dialog", { class: "confirm", id: "confirm-dialog", "aria-labelledby": "confirm-title" });
    const cancelBtn = button("Cancel", () => dlg.close("cancel"), { id: "confirm-cancel" });
    const okBtn = button(confirm, () => dlg.close("ok"), { primary: true, id: "confirm-ok" });
    okBtn.classList.add("danger");
    dlg.append(h("h2", { id: "confirm-title" }, title), h("p", {}, body), h("div", { class: "actions" }, cancelBtn, okBtn));
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "ok");
      dlg.remove();
    });
    document.body.append(dlg);
    dlg.showModal();
    cancelBtn.focus();
  });
}

/** Anything a command rejected with, as the core's error shape. */
function toCoreError(e: unknown): CoreError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) return e as CoreError;
  return { code: "io", message: e instanceof Error ? e.message : String(e), location: null };
}
