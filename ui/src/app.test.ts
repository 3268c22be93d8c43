// @vitest-environment happy-dom
// The window over a fake backend (the IPC mocked, src/testing/fake.ts): what
// a user sees and can do, with no Tauri. The whole app runs: views, actions,
// keys and dialogs.

import type { KpiInfo } from "./bindings/KpiInfo";
import { beforeEach, describe, expect, test } from "vitest";
import type { Goal } from "./bindings/Goal";
import type { Preset } from "./bindings/SizePreset";
import type { Progress } from "./bindings/Progress";
import type { ViewQuery } from "./bindings/ViewQuery";
import type { Size as ChartSize } from "./bindings/ChartSize";
import type { Saved } from "./bindings/Saved";
import { App } from "./app";
import { STORAGE_KEY } from "./state";
import { click, csvPreview, FakeBackend, flush, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;

const open = () => openApp(root, api, storage);

beforeEach(() => {
  api = new FakeBackend();
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("first launch", () => {
  test("an empty database shows the welcome card with both ways in", async () => {
    api.datasets = [];
    await open();
    expect(text("#empty-state h2")).toBe("Your sales data, at a glance");
    const buttons = [...document.querySelectorAll("#empty-state button")].map((b) => b.textContent);
    expect(buttons).toEqual(["Import files…", "Load sample data"]);
    expect(api.views).toEqual([]);
    click("#empty-load-sample");
    expect(api.calls).toEqual(["sample"]);
  });
});

describe("scorecard", () => {
  test("shows the focus KPIs' tiles first, the others in their perspective, muted with the reason when without a value", async () => {
    await open();
    expect(text("#scorecard-period")).toBe("2025-Q2 · 1 Apr – 30 Jun 2025 · All records");
    expect(text("#overall-score")).toBe("Overall 95%");
    const revenue = document.querySelector<HTMLElement>("#focus-kpis figure")!;
    expect(revenue.dataset.value).toBe("95");
    expect(revenue.dataset.status).toBe("red");
    const tile = document.querySelector<HTMLButtonElement>("#tile-total_revenue")!;
    expect(tile.getAttribute("aria-label")).toBe("Total sales revenue: $95, behind goal");
    expect(tile.title).toContain("Goal $100 · 95% · behind goal");
    expect(tile.title).toContain("total_revenue = formula");
    const leads = document.querySelector<HTMLElement>("#perspective-lead_generation figure")!;
    expect(leads.classList.contains("muted-chart")).toBe(true);
    expect(document.querySelector("#tile-new_leads")!.getAttribute("aria-label")).toBe(
      "New leads: import a leads sheet to see this",
    );
  });

  test("stepping the period reloads with the next one and remembers it across a restart", async () => {
    await open();
    click("#period-next");
    await flush();
    expect(api.calls).toContain("step default 1");
    expect(api.views.at(-1)?.period).toBe("2025-Q3");
    expect(text("#overall-score")).toBe("Overall 120%");
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).period).toBe("2025-Q3");

    // A new window over the same storage opens where the user left.
    api.views = [];
    root = document.createElement("div");
    document.body.replaceChildren(root);
    await open();
    expect(api.views[0]?.period).toBe("2025-Q3");
  });

  test("Alt+Left steps back from the keyboard", async () => {
    await open();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", altKey: true }));
    await flush();
    expect(api.calls).toContain("step default -1");
    expect(api.views.at(-1)?.period).toBe("2025-Q1");
  });

  test("ticking a filter value applies it to the view and shows it", async () => {
    await open();
    const east = document.querySelector<HTMLInputElement>("#f-region-East")!;
    east.checked = true;
    east.dispatchEvent(new Event("change"));
    await flush();
    expect(api.views.at(-1)?.filter).toEqual([{ dimension: "region", value: "East" }]);
    expect(text("#scorecard-period")).toBe("2025-Q2 · 1 Apr – 30 Jun 2025 · region: East");
    expect(text("#filter-region-button")).toBe("region: East");
    expect(text("#overall-score")).toBe("Overall 80%");
    click("#clear-filters");
    await flush();
    expect(api.views.at(-1)?.filter).toEqual([]);
  });

  test("a failing view says what happened and what to do next", async () => {
    api.home = () => Promise.reject<never>({ code: "database", message: "database is locked", location: null });
    await open();
    expect(text(".error strong")).toBe("Database is locked");
    expect(text(".error .hint")).toContain("no other program holds the file");
  });
});

describe("import wizard", () => {
  test("a dropped file opens the wizard; a role change and the import send the full mapping", async () => {
    await open();
    api.fire("dropped", [{ id: 5, name: "march.csv" }]);
    await flush();
    expect(api.previews[0]).toEqual([5, null, { kind: null, roles: {} }]);
    expect(text("#wizard-title")).toBe("Import march.csv");
    expect(text("#wizard-format")).toBe("CSV text · UTF-8 · comma-separated");
    expect(text("#wizard-blocker")).toBe("Choose a column for amount.");
    expect(document.querySelector<HTMLButtonElement>("#wizard-import")!.disabled).toBe(true);

    const role = document.querySelector<HTMLSelectElement>("#role-1")!;
    role.value = "amount";
    role.dispatchEvent(new Event("change"));
    await flush();
    expect(text("#wizard-blocker")).toBe("");
    click("#wizard-import");
    await flush();
    expect(api.imports).toHaveLength(1);
    const [ticket, opts] = api.imports[0]!;
    expect(ticket).toBe(5);
    expect(opts.mappings).toEqual({ "": { kind: "deals", roles: { Owner: "rep", Value: "amount", Stage: "stage" } } });
    expect(opts.replace).toBe(false);
    expect(document.querySelector("#wizard")).toBeNull();
  });

  test("a target column beside the actuals is imported as goals only when ticked", async () => {
    await open();
    const p = api.preview;
    api.preview = { ...p, table: p.table && { ...p.table, missing: [], targets: "Target Sales" } };
    api.fire("dropped", [{ id: 6, name: "actuals.csv" }]);
    await flush();
    const box = document.querySelector<HTMLInputElement>("#wizard-targets")!;
    expect(text("#wizard-targets-label")).toBe(
      "Also import the targets as goals (column “Target Sales”, as total revenue goals per month and segment)",
    );
    expect(box.checked).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    await flush();
    const role = document.querySelector<HTMLSelectElement>("#role-1")!;
    role.value = "amount";
    role.dispatchEvent(new Event("change"));
    await flush();
    expect(document.querySelector<HTMLInputElement>("#wizard-targets")!.checked).toBe(true);
    click("#wizard-import");
    await flush();
    expect(api.imports[0]![1].with_targets).toBe(true);
  });

  test("a quota sheet's targets are goals for total revenue unless another KPI is chosen", async () => {
    const kpi = (id: string, name: string) =>
      ({ id, name, perspective: "revenue", unit: "currency", better: "higher" }) as unknown as KpiInfo;
    api.kpiCatalog = () =>
      Promise.resolve([kpi("total_revenue", "Total sales revenue"), kpi("deals_won", "Deals won")]);
    await open();
    const p = api.preview;
    api.preview = { ...p, table: p.table && { ...p.table, quota: true } };
    api.fire("dropped", [{ id: 7, name: "quota.csv" }]);
    await flush();
    const pick = document.querySelector<HTMLSelectElement>("#wizard-quota-kpi")!;
    expect(pick.value).toBe("total_revenue");
    pick.value = "deals_won";
    pick.dispatchEvent(new Event("change"));
    await flush();
    const role = document.querySelector<HTMLSelectElement>("#role-1")!;
    role.value = "amount";
    role.dispatchEvent(new Event("change"));
    await flush();
    expect(document.querySelector<HTMLSelectElement>("#wizard-quota-kpi")!.value).toBe("deals_won");
    click("#wizard-import");
    await flush();
    expect(api.imports[0]![1].quota_kpi).toBe("deals_won");
  });

  test("a file Salescope was started with opens the wizard, as a dropped one does", async () => {
    api.launched = [{ id: 9, name: "april.csv" }];
    await open();
    expect(api.previews[0]).toEqual([9, null, { kind: null, roles: {} }]);
    expect(text("#wizard-title")).toBe("Import march.csv");
    expect(api.launched).toEqual([]);
  });

  test("choosing another record kind asks the core again for that kind's roles", async () => {
    await open();
    api.fire("dropped", [{ id: 5, name: "march.csv" }]);
    await flush();
    const kind = document.querySelector<HTMLSelectElement>("#wizard-kind")!;
    kind.value = "leads";
    kind.dispatchEvent(new Event("change"));
    await flush();
    expect(api.previews.at(-1)).toEqual([5, null, { kind: "leads", roles: {} }]);
  });

  test("a file whose mapping is remembered imports without the wizard", async () => {
    api.preview = csvPreview(true);
    await open();
    api.fire("dropped", [{ id: 9, name: "april.csv" }]);
    await flush();
    expect(document.querySelector("#wizard")).toBeNull();
    expect(api.imports.map(([t]) => t)).toEqual([9]);
    expect(text("#status-text")).toBe("Importing april.csv with the columns you chose last time…");
  });

  test("unless the user asked to review every import", async () => {
    api.preview = csvPreview(true);
    storage.setItem("salescope.review-imports", "1");
    await open();
    api.fire("dropped", [{ id: 9, name: "april.csv" }]);
    await flush();
    expect(document.querySelector("#wizard")).not.toBeNull();
    expect(api.imports).toEqual([]);
  });

  test("progress shows rows per second and Escape cancels", async () => {
    let t = 0;
    const app = new App(root, api, storage, () => t);
    await app.start();
    await flush();
    const p = (rows: number): Progress => ({
      file: "big.csv",
      sheet: null,
      stage: "writing",
      rows_done: rows,
      rows_total: 100000,
    });
    api.fire("progress", p(0));
    t = 500;
    api.fire("progress", p(25000));
    expect(text("#progress-label")).toBe("Importing big.csv: 25,000 of 100,000 rows · 50,000 rows/s");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(api.calls).toContain("cancel");
  });
});

describe("data", () => {
  test("Remove asks first, and only the confirmation removes", async () => {
    storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "data" }, period: null, filter: [] }));
    await open();
    expect(text("#datasets tbody td .name")).toBe("q1-deals.csv");
    click("#remove-7");
    await flush();
    expect(text("#confirm-dialog-title")).toBe("Remove q1-deals.csv?");
    click("#confirm-dialog-cancel");
    await flush();
    expect(api.calls).not.toContain("remove 7");
    click("#remove-7");
    await flush();
    click("#confirm-dialog-ok");
    await flush();
    expect(api.calls).toContain("remove 7");
    expect(text("#status-text")).toBe("Removed q1-deals.csv (1,234 rows of deals).");
  });
});

describe("keyboard", () => {
  test("a filter list stays open with the focus on the value while values are ticked; Escape closes it", async () => {
    await open();
    const det = () => document.querySelector<HTMLDetailsElement>("#filter-region")!;
    det().open = true;
    det().dispatchEvent(new Event("toggle"));
    const east = document.querySelector<HTMLInputElement>("#f-region-East")!;
    east.focus();
    east.click();
    await flush();
    expect(api.views.at(-1)?.filter).toEqual([{ dimension: "region", value: "East" }]);
    expect(det().open).toBe(true);
    expect(document.activeElement?.id).toBe("f-region-East");
    document
      .querySelector("#f-region-West")!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(det().open).toBe(false);
    expect(document.activeElement?.id).toBe("filter-region-button");
  });
});

describe("goals", () => {
  test("the status and fiscal-year settings are one key press away however long the goals table is", async () => {
    api.listGoals = () =>
      Promise.resolve(
        Array.from({ length: 40 }, (_, i): Goal => ({
          id: i + 1,
          kpi: "total_revenue",
          period: `2025-${String((i % 12) + 1).padStart(2, "0")}`,
          filter: [],
          target: 1000 * (i + 1),
          source: null,
          updated_at: "2026-11-23T14:05:09Z",
        })),
      );
    api.getSettings = () =>
      Promise.resolve({
        fiscal_start_month: 4,
        thresholds: { green: 1, amber: 0.9 },
        kpi_thresholds: {},
        variants: {},
        weights: {},
        forecast_categories: {},
        focus: null,
        currency: null,
        limits: { workbook_mb: 1024, cells: 20_000_000, csv_row_kb: 4096, csv_field_kb: 1024, csv_columns: 16384 },
      });
    storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "goals" }, period: null, filter: [] }));
    await open();
    expect(document.querySelectorAll("#goals-table tbody tr").length).toBe(40);
    const jump = document.querySelector<HTMLButtonElement>("#goto-goal-settings")!;
    // Before the table's 80 Edit and Remove buttons in tab order, after the title.
    expect(
      jump.compareDocumentPosition(document.querySelector("#goals-table")!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    jump.click();
    expect(document.activeElement?.id).toBe("goal-settings-title");
    expect(document.activeElement?.textContent).toBe("Status and fiscal year");
    expect(document.activeElement?.nextElementSibling?.textContent).toMatch(/^A KPI is green at or above/);
  });
});

describe("export", () => {
  test("Export all offers the sizes and scales, writes the view's charts (the focus KPIs' tiles) at the chosen size and shows how far it is", async () => {
    api.chartPresets = () =>
      Promise.resolve<[Preset[], number[]]>([
        [
          { id: "slide", name: "16:9 slide", width: 1920, height: 1080 },
          { id: "4:3", name: "4:3 slide", width: 1600, height: 1200 },
        ],
        [1, 2, 3],
      ]);
    const asked: [string[], ViewQuery, ChartSize][] = [];
    let finish: (s: Saved) => void = () => {};
    api.exportCharts = (specs, view, size) => {
      asked.push([specs, view, size]);
      return new Promise((r) => (finish = r));
    };
    await open();
    click("#export-all");
    await flush();
    expect(text("#export-dialog-title")).toBe("Export all charts of this view");
    const size = document.querySelector<HTMLSelectElement>("#export-size")!;
    const scale = document.querySelector<HTMLSelectElement>("#export-scale")!;
    expect([...size.options].map((o) => o.text)).toEqual(["16:9 slide (1920×1080)", "4:3 slide (1600×1200)"]);
    expect([...scale.options].map((o) => o.text)).toEqual(["1× (screen)", "2× (sharp on slides)", "3× (print)"]);
    expect(scale.value).toBe("2");
    expect(text("#export-dialog-all")).toBe("Export 3 PNGs…");
    size.value = "4:3";
    scale.value = "3";
    click("#export-dialog-all");
    await flush();
    expect(asked).toEqual([
      [
        ["scorecard", "funnel", "tile:total_revenue"],
        { period: null, filter: [], today: null },
        { width: 1600, height: 1200, scale: 3 },
      ],
    ]);
    api.fire("export", { done: 0, total: 3 });
    expect(text("#status-text")).toBe("Exporting charts: 0 of 3 written…");
    const status = document.querySelector("#status");
    api.fire("export", { done: 2, total: 3 });
    expect(text("#status-text")).toBe("Exporting charts: 2 of 3 written…");
    // In place: the view is not rebuilt for each chart.
    expect(document.querySelector("#status")).toBe(status);
    finish({ path: "/home/ann/Slides", files: 3 });
    await flush();
    expect(text("#status-text")).toBe("Saved 3 charts in /home/ann/Slides.");
    click("#status-dismiss");
    expect(document.querySelector("#status")).toBeNull();
  });
});

describe("a database that cannot be used", () => {
  test("offers to start fresh, keeping the old file aside, or to open another, and recovers", async () => {
    const home = api.home;
    let damaged = true;
    api.home = (v: ViewQuery) =>
      damaged
        ? Promise.reject<never>({
            code: "database_unusable",
            message: "the database file is damaged (database disk image is malformed)",
            location: null,
          })
        : home(v);
    api.databaseStartFresh = () => {
      damaged = false;
      api.calls.push("start_fresh");
      return Promise.resolve("/data/salescope.unusable-20261124T101500.000Z.db");
    };
    await open();
    expect(text("#database-unusable h2")).toBe("Salescope cannot use its database");
    expect(text("#database-unusable .error strong")).toBe(
      "The database file is damaged (database disk image is malformed)",
    );
    expect(text("#database-unusable .hint")).toContain("the old file is kept aside, whole");
    expect(document.querySelector("#db-open-other")).not.toBeNull();
    click("#db-start-fresh");
    await flush();
    expect(api.calls).toContain("start_fresh");
    expect(document.querySelector("#database-unusable")).toBeNull();
    expect(text("#status-text")).toBe(
      "A new database was started. The old file is kept as /data/salescope.unusable-20261124T101500.000Z.db.",
    );
    // The scorecard is asked for again, and this time answered.
    expect(api.views.length).toBe(1);
  });

  test("a cancelled Open dialog changes nothing", async () => {
    api.home = () =>
      Promise.reject<never>({
        code: "database_unusable",
        message: "this file is not a SQLite database, so not a Salescope database",
        location: null,
      });
    await open();
    click("#db-open-other");
    await flush();
    expect(api.calls).toContain("open_other");
    expect(document.querySelector("#database-unusable")).not.toBeNull();
  });
});

describe("what is asked of the app", () => {
  test("changing the period asks for the view again, not for the database's place or the filter lists", async () => {
    let dims = 0;
    let infos = 0;
    const dimensions = api.dimensions;
    const dbInfo = api.dbInfo;
    api.dimensions = () => (dims++, dimensions());
    api.dbInfo = () => (infos++, dbInfo());
    await open();
    click("#period-next");
    await flush();
    expect(api.views.map((v) => v.period)).toEqual([null, "2025-Q3"]);
    expect([dims, infos]).toEqual([1, 1]);
    expect(text("#db-path")).toBe("/home/ann/.local/share/salescope/salescope.db");
  });
});
