// End-to-end test of the real Salescope window, driven through tauri-driver
// (W3C WebDriver, plain fetch, no browser download) under Xvfb.
// Builds nothing: run `npm --prefix ui run build && cargo build -p salescope -p salescope-cli` first, then
//   node tests/e2e/run.mjs
// Screenshots of each step go to tests/e2e/artifacts/. The last line reads
// "N passed, N failed"; the exit code is non-zero when a check failed.
//
// WebDriver cannot drop files on a window. The app, when a debug build runs with
// SALESCOPE_E2E=1, registers and grants one extra command, `e2e_drag_drop`, that
// hands a drag-and-drop event to the very function the window's drop handler
// calls (src-tauri/src/drop.rs). The last step checks that without the variable
// the command does not exist.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { appEnv, check, log, openSession, removeScratch, runChecks, sleep, waitFor } from "./driver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
// The debug build of the app (SALESCOPE_APP names another one).
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
const app = resolve(root, process.env.SALESCOPE_APP ?? join(targetDir, "debug", "salescope"));
const cli = resolve(root, process.env.SALESCOPE_CLI ?? join(targetDir, "debug", "salescope-cli"));
const artifacts = join(here, "artifacts");

function dealsCsv(rows, prefix = "D") {
  const stages = ["Closed Won", "Closed Lost", "Negotiation", "Proposal", "Qualification"];
  const reps = ["Ann Lee", "Bob Stone", "Cy Park", "Dee Moss"];
  const lines = ["Deal ID,Created Date,Close Date,Stage,Amount,Rep"];
  for (let i = 1; i <= rows; i++) {
    const created = new Date(Date.UTC(2024, 0, 1) + (i % 300) * 86400000);
    const close = new Date(created.getTime() + (10 + (i % 40)) * 86400000);
    const stage = stages[i % stages.length];
    const day = (d) => d.toISOString().slice(0, 10);
    lines.push(`${prefix}${i},${day(created)},${stage.startsWith("Closed") ? day(close) : ""},${stage},${500 + ((i * 37) % 9500)},${reps[i % reps.length]}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The engine's own answer, from salescope-cli on the same database: what the window must show. */
function cliKpis(db, args) {
  const out = execFileSync(cli, ["--db", db, "kpis", "--json", ...args], { encoding: "utf8" });
  return Object.fromEntries(JSON.parse(out).kpis.map((k) => [k.id, k]));
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
function pngSize(path) {
  const b = readFileSync(path);
  if (b.length < 24 || b.toString("latin1", 1, 4) !== "PNG") return null;
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

async function main() {
  if (!existsSync(app)) throw new Error(`${app} is missing: run cargo build -p salescope first`);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run cargo build -p salescope-cli first`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "salescope-e2e-"));
  const db = join(work, "e2e.db");
  const env = await appEnv(work, db, { SALESCOPE_E2E: "1" });
  const tileValue = (w, kpi) => w.run("const f = document.querySelector(`#perspective-revenue figure[data-spec='tile:${arguments[0]}'], figure[data-spec='tile:${arguments[0]}']`); return f ? f.dataset.value : null;", [kpi]);
  try {
    let w = await openSession(app, env, artifacts);
    try {
      // 1. A fresh database: the welcome card offers the sample and the import button.
      const empty = await waitFor("the empty state", () => w.text("#empty-state"));
      check("first launch shows the welcome card", empty.includes("Your sales data, at a glance") && empty.includes("Load sample data"), empty);
      check("the database path is shown", ((await w.text("#db-path")) ?? "").endsWith("e2e.db"));
      await w.screenshot("01-empty");

      // 2. Load the sample: the scorecard appears with the engine's numbers for its default quarter.
      await w.click("#empty-load-sample");
      const label = await waitFor("the scorecard", () => w.text("#period-label"), 120000);
      const engine = cliKpis(db, []);
      check("the scorecard opens on the latest complete quarter", label.startsWith("2025-Q4"), label);
      const shown = await waitFor("the revenue tile", () => tileValue(w, "total_revenue"));
      check("the revenue tile shows the engine's value", Number(shown) === engine.total_revenue.value, `${shown} vs ${engine.total_revenue.value}`);
      const tiles = await w.run("return document.querySelectorAll('#scorecard figure.chart').length;");
      check("every KPI of the catalog has a tile", tiles === Object.keys(engine).length, `${tiles}`);
      await w.screenshot("02-scorecard");

      // 3. Two periods back: 2025-Q2, revenue 2,536,200 against a goal of 2,905,000 (red).
      await w.click("#period-prev");
      await waitFor("2025-Q3", async () => ((await w.text("#period-label")) ?? "").startsWith("2025-Q3"));
      await w.click("#period-prev");
      await waitFor("2025-Q2", async () => ((await w.text("#period-label")) ?? "").startsWith("2025-Q2"));
      const q2 = await waitFor("the Q2 revenue", async () => {
        const v = await tileValue(w, "total_revenue");
        return v === "2536200" ? v : null;
      }).catch((e) => e.message);
      check("stepping back shows 2025-Q2's revenue, 2,536,200", q2 === "2536200", q2);
      const status = await w.run("return document.querySelector(\"figure[data-spec='tile:total_revenue']\").dataset.status;");
      check("revenue is behind its Q2 goal (red)", status === "red", status);
      const paint = await w.run("return window.salescope.timings.lastRepaint;");
      log(`note: period change repainted in ${Math.round(paint)} ms (sample data)`);
      await w.screenshot("03-period-2025-Q2");

      // 4. Filter region = East: revenue 530,100, as the engine computes with the same filter.
      await w.click("#filter-region-button");
      await w.click("#f-region-East");
      const east = await waitFor("the East revenue", async () => {
        const v = await tileValue(w, "total_revenue");
        return v === "530100" ? v : null;
      }).catch((e) => e.message);
      const eastEngine = cliKpis(db, ["--period", "2025-Q2", "--filter", "region=East"]).total_revenue.value;
      check("the filter shows East's revenue, 530,100", east === "530100" && eastEngine === 530100, `${east} / engine ${eastEngine}`);
      const sub = (await w.text("#scorecard-period")) ?? "";
      check("the filter is named on the view", sub.includes("region: East"), sub);
      await w.screenshot("04-filter-east");

      // 5. The KPI's detail; a goal of 500,000 makes the gauge green (106%), 2,000,000 red.
      await w.click("#tile-total_revenue");
      await waitFor("the detail", () => w.text("#detail-title"));
      // No goal of its own yet: the sample's rep goals roll up to East's (shown as such).
      const noGoal = `${(await w.text("#detail-goal")) ?? ""} / ${(await w.text("#goal-save")) ?? ""}`;
      check("East has no revenue goal of its own yet: its reps' goals roll up", noGoal.includes("(rolled up)") && noGoal.endsWith("Set goal"), noGoal);
      await w.run("document.querySelector('#goal-target').value = '500000';");
      await w.click("#goal-save");
      const green = await waitFor("the status", async () => {
        const t = (await w.text("#detail-attainment")) ?? "";
        return t.includes("on goal") ? t : null;
      }).catch((e) => e.message);
      check("a goal of 500,000 turns the gauge green at 106%", green.includes("106%") && green.includes("on goal"), green);
      // The detail's own charts (the waterfall of "Why it moved" is checked in 11c).
      const charts = await w.run("return [...document.querySelectorAll('#detail .detail-charts > figure')].map(f => f.dataset.spec);");
      check(
        "the detail has gauge, trend and breakdowns",
        JSON.stringify(charts.slice(0, 3)) === JSON.stringify(["gauge:total_revenue", "trend:total_revenue", "breakdown:total_revenue:team"]),
        JSON.stringify(charts),
      );
      await w.screenshot("05-goal-green");
      await w.run("document.querySelector('#goal-target').value = '2,000,000';");
      await w.click("#goal-save");
      const red = await waitFor("the status", async () => {
        const t = (await w.text("#detail-attainment")) ?? "";
        return t.includes("behind goal") ? t : null;
      }).catch((e) => e.message);
      check("raising the goal to 2,000,000 turns it red at 27%", red.includes("27%"), red);

      // 5b. Typed text survives a repaint: a target typed while "Goal saved" shows is still there,
      // in the same field and with the focus, once the message has timed out (8 s).
      const typed = "1,500,000";
      await w.type("#goal-target", typed);
      const sayingWhenTyped = (await w.text("#status-text")) ?? "";
      await w.run("window.__e2eTypedInto = document.querySelector('#goal-target');");
      await waitFor("the message to time out", async () => ((await w.text("#status")) === null ? true : null), 15000).catch(() => null);
      await sleep(500);
      const typedNow = await w.run(
        "const i = document.querySelector('#goal-target'); return { value: i ? i.value : null, same: i === window.__e2eTypedInto, focused: i !== null && document.activeElement === i, message: document.querySelector('#status') !== null };",
      );
      check(
        "text typed in the goal editor is still there after the message times out",
        sayingWhenTyped.startsWith("Goal saved") && !typedNow.message && typedNow.value === typed && typedNow.same && typedNow.focused,
        `${JSON.stringify(typedNow)}; the message when typed: "${sayingWhenTyped}"`,
      );
      await w.screenshot("06-goal-red");

      // 6. Export: the dialog offers the core's sizes; the file a save would write is a 1920x1080 PNG.
      await w.click("#export-gauge-total_revenue");
      const dlg = await waitFor("the export dialog", () => w.text("#export-dialog"));
      check("the export dialog offers sizes and scales", dlg.includes("Export PNG") && dlg.includes("Copy image"), dlg);
      const sizes = await w.run("return [...document.querySelectorAll('#export-size option')].map(o => o.textContent);");
      check("sizes are the chart presets", sizes.length === 3 && sizes[0].includes("1920×1080"), JSON.stringify(sizes));
      await w.screenshot("07-export-dialog", 500);
      await w.click("#export-dialog-cancel");
      const png = join(work, "revenue gauge.png");
      const view = { period: "2025-Q2", filter: [{ dimension: "region", value: "East" }], today: null };
      const saved = await w.invoke("e2e_export_chart", { spec: "gauge:total_revenue", view, size: { width: 1920, height: 1080, scale: 1 }, path: png });
      check("the export writes the file", saved.ok?.path === png && existsSync(png), JSON.stringify(saved));
      check("the PNG is 1920x1080", JSON.stringify(pngSize(png)) === "[1920,1080]", JSON.stringify(pngSize(png)));

      // 6b. The Goals view lists the goal just set; its settings are one key press from the top.
      await w.click("#nav-goals");
      await waitFor("the goals table", () => w.text("#goals-table tbody tr"));
      const rows = await w.run("return [...document.querySelectorAll('#goals-table tbody tr')].map(r => [...r.cells].slice(0, 5).map(c => c.textContent).join(' | '));");
      const mine = rows.filter((r) => r.includes("region: East"));
      check("the Goals view lists the detail's goal, set by hand", JSON.stringify(mine) === JSON.stringify(["Total sales revenue | 2025-Q2 | region: East | $2,000,000 | set by hand"]), JSON.stringify(mine));
      await w.screenshot("06b-goals");
      // The forecast categories: each open stage's list shows the core's category; a change is
      // saved as forecast_category.<label>, and Reset puts the default back.
      const stages = (await w.invoke("stage_categories", {})).ok ?? [];
      const lists = await w.run(
        "return [...document.querySelectorAll('#stage-categories tbody tr')].map(r => { const s = r.querySelector('select'); return [r.cells[0].textContent, s ? s.value : null]; });",
      );
      const wanted = stages.map((c) => [c.label, c.stage === "open" ? c.category : null]);
      check("the Goals view lists each deal stage with its forecast category", stages.length >= 3 && JSON.stringify(lists) === JSON.stringify(wanted), `${JSON.stringify(lists)} vs ${JSON.stringify(wanted)}`);
      const open = stages.find((c) => c.stage === "open" && !c.set);
      const listId = (label) => `#stage-category-${label.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const other = open?.category === "commit" ? "best_case" : "commit";
      await w.run("const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));", [listId(open?.label ?? "?"), other]);
      const changed = await waitFor("the category saved", async () => {
        const c = ((await w.invoke("stage_categories", {})).ok ?? []).find((x) => x.label === open?.label);
        return c?.set && c.category === other && (await w.text(`${listId(open.label)}-reset`)) !== null ? c : null;
      }).catch((e) => e.message);
      await w.click(`${listId(open?.label ?? "?")}-reset`);
      const back = await waitFor("the default category", async () => {
        const c = ((await w.invoke("stage_categories", {})).ok ?? []).find((x) => x.label === open?.label);
        return c && !c.set && c.category === open.category ? c : null;
      }).catch((e) => e.message);
      const focusedList = await waitFor("the focus on the stage's list", async () => {
        const id = await w.run("return document.activeElement.id;");
        return id === listId(open.label).slice(1) ? id : null;
      }).catch(async () => w.run("return document.activeElement.id;"));
      check(
        "a stage's category is saved from its list, and Reset puts the default back",
        typeof changed === "object" && typeof back === "object" && focusedList === listId(open.label).slice(1),
        `${JSON.stringify(changed)} / ${JSON.stringify(back)} / focus on ${focusedList}`,
      );
      await w.click("#goto-goal-settings");
      const focused = await w.run("return document.activeElement.id;");
      check("the settings link takes the focus past the table", focused === "goal-settings-title", focused);
      await w.screenshot("06c-goal-settings");
      await w.click("#nav-scorecard");

      // 7. Import through the wizard (the drop handler's path), giving an unrecognised column its role.
      const march = join(work, "march-deals.csv");
      writeFileSync(march, dealsCsv(5).replace("Amount", "Worth"));
      await w.invoke("e2e_drag_drop", { event: { kind: "enter", paths: [march] } });
      const zone = await waitFor("the drop zone", () => w.text("#dropzone"));
      check("dragging shows the drop zone", zone.includes("Drop the file to import it"), zone);
      await w.screenshot("08-dragging");
      const tickets = await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [march] } });
      check("the drop hands the file over by ticket", tickets.ok?.length === 1 && tickets.ok[0].name === "march-deals.csv", JSON.stringify(tickets));
      // Without an amount column the rows are not recognised as deals for sure: the
      // wizard starts from the closest kind, with a number column guessed as the amount.
      const guess = await waitFor("the wizard", () => w.text("#wizard-guess"));
      check(
        "the wizard starts from the closest kind when the rows are not recognised",
        guess.startsWith("Salescope could not tell for sure what the rows are. They look most like deals"),
        guess,
      );
      const worthColumn = "const h = [...document.querySelectorAll('#wizard-preview thead tr:first-child th')].map(t => t.textContent); return h.findIndex(t => t.endsWith('Worth')) - 1;";
      const col = await w.run(worthColumn);
      const guessed = await w.run(`return document.querySelector('#role-${col}').value;`);
      check("Worth is guessed as the amount", guessed === "amount", guessed);
      await w.screenshot("09-wizard-kind");
      // 7b. The wizard is modal: Tab and Shift+Tab go round its controls, never to the page behind it.
      const [TAB, SHIFT] = ["\uE004", "\uE008"];
      const stops = [];
      for (let i = 0; i < 30; i++) {
        await w.keys(...(i < 20 ? [TAB] : [SHIFT, TAB]));
        stops.push(
          await w.run(
            "const a = document.activeElement; const d = document.querySelector('#wizard'); return { inside: d !== null && a !== null && a !== d && d.contains(a), at: a === null ? 'nothing' : a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') };",
          ),
        );
      }
      const outside = stops.filter((p) => !p.inside).map((p) => p.at);
      const visited = [...new Set(stops.map((p) => p.at))];
      check(
        "Tab and Shift+Tab never take the focus out of the import wizard",
        outside.length === 0 && visited.length >= 3,
        `outside: ${outside.join(", ") || "none"}; visited: ${visited.join(", ")}`,
      );
      // The user takes the guess back: the amount is then missing.
      await w.run(`const s = document.querySelector('#role-${col}'); s.value = ''; s.dispatchEvent(new Event('change'));`);
      const blocker = await waitFor("the deals roles", async () => {
        const t = await w.text("#wizard-blocker");
        return t === "Choose a column for amount." ? t : null;
      }).catch((e) => e.message);
      check("without Worth, the wizard says the amount column is missing", blocker === "Choose a column for amount.", blocker);
      await w.screenshot("10-wizard-missing");
      await w.run(`const s = document.querySelector('#role-${col}'); s.value = 'amount'; s.dispatchEvent(new Event('change'));`);
      await waitFor("the Import button", () => w.run("return !document.querySelector('#wizard-import').disabled;"));
      await w.screenshot("11-wizard-role-set");
      await w.click("#wizard-import");
      await waitFor("the wizard to close", async () => ((await w.text("#wizard")) === null ? true : null), 60000);
      const last = await w.invoke("import_history", { limit: 1 });
      const cols = last.ok?.[0]?.sheets?.[0]?.columns ?? [];
      const worth = cols.find((c) => c.header === "Worth");
      check("the chosen role is used: Worth is the amount", worth?.role === "amount" && last.ok[0].sheets[0].rows_imported === 5, JSON.stringify(worth));

      // 8. A large file: progress with rows/s, and Cancel keeps nothing.
      const big = join(work, "big-deals.csv");
      writeFileSync(big, dealsCsv(400000));
      await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [big] } });
      await waitFor("the wizard", () => w.text("#wizard-import"), 60000);
      await w.click("#wizard-import");
      const counting = await waitFor(
        "a row count",
        async () => {
          const l = await w.text("#progress-label");
          return l !== null && /Importing big-deals\.csv: [1-9][\d,]* (of 400,000 )?rows/.test(l) ? l : null;
        },
        60000,
      ).catch((e) => e.message);
      check("progress counts the rows written", counting.startsWith("Importing"), counting);
      await w.screenshot("12-progress", 200);
      await w.click("#cancel-import");
      const cancelled = await waitFor("the import to stop", async () => {
        const t = (await w.text("#status-text")) ?? "";
        return t.includes("cancelled") ? t : null;
      }, 60000).catch((e) => e.message);
      check("Cancel stops the import and says so", cancelled.includes("cancelled"), cancelled);

      // 9. Data: the March file changed (8 deals now); Re-import replaces its
      // dataset, with the role chosen in the wizard remembered.
      await w.click("#nav-data");
      await waitFor("the datasets", () => w.text("#datasets"));
      const before = await w.datasetRows();
      check("the data view lists the sample's 6 sheets and March", before.length === 7, JSON.stringify(before));
      await w.screenshot("13-data");
      const marchIdOf = () => w.run("return [...document.querySelectorAll('#datasets tbody tr')].find(r => r.innerText.includes('march-deals.csv')).dataset.id;");
      const oldId = await marchIdOf();
      writeFileSync(march, dealsCsv(8).replace("Amount", "Worth"));
      await w.click(`#reimport-${oldId}`);
      const replaced = await waitFor("the new March rows", async () => {
        const r = (await w.datasetRows()).find((x) => x[0] === "march-deals.csv");
        return r?.[2] === "8" ? r : null;
      }, 60000).catch((e) => e.message);
      const after = await w.datasetRows();
      check("Re-import replaces the dataset with the file's 8 deals", Array.isArray(replaced) && after.length === 7, JSON.stringify(after));
      const reimported = await w.invoke("import_history", { limit: 1 });
      const worthAgain = reimported.ok?.[0]?.sheets?.[0]?.columns?.find((c) => c.header === "Worth");
      check("the re-import uses the role chosen before: Worth is the amount", worthAgain?.role === "amount", JSON.stringify(worthAgain));
      await w.screenshot("14-reimported");

      // 10. Remove the March dataset, with a confirmation in the page.
      const marchId = await marchIdOf();
      check("the re-imported dataset is a new one", marchId !== oldId, `${oldId} -> ${marchId}`);
      await w.click(`#remove-${marchId}`);
      const question = await waitFor("the confirmation", () => w.text("#confirm-dialog"));
      check("removing asks first", question.includes("Remove march-deals.csv?"), question);
      await w.screenshot("15-confirm-remove", 500);
      await w.click("#confirm-dialog-ok");
      await waitFor("the row to go", async () => ((await w.datasetRows()).length === 6 ? true : null));
      check("the dataset is removed", !(await w.datasetRows()).some((r) => r[0] === "march-deals.csv"));
      await w.click("#nav-scorecard");
      await waitFor("the scorecard", () => w.text("#overall-score"));
    } finally {
      await w.close();
    }

    // 11. A restart opens on the same period and filter, painted quickly.
    w = await openSession(app, env, artifacts);
    try {
      const sub = await waitFor("the scorecard", () => w.text("#scorecard-period"), 60000);
      check("the period and filter survive a restart", sub.startsWith("2025-Q2") && sub.includes("region: East"), sub);
      const t = await waitFor("the timing", () => w.run("return window.salescope.timings.firstScorecard;"));
      log(`note: painted scorecard ${Math.round(t)} ms after the page started (debug build, sample data)`);
      check("the scorecard paints within 1.5 s of the page starting", t < 1500, `${t}`);
      await w.screenshot("16-restart");

      // The command line imports into the same database while the window reads it.
      const old = join(work, "old-deals.csv");
      const rows = Array.from({ length: 100000 }, (_, i) => `OLD-${i},2019-0${1 + (i % 6)}-10,2019-0${1 + (i % 6)}-20,Closed Lost,${100 + (i % 900)},Rep ${i % 30}`);
      writeFileSync(old, `Deal ID,Created Date,Close Date,Stage,Amount,Rep\n${rows.join("\n")}\n`);
      const importer = spawn(cli, ["--db", db, "import", old], { stdio: ["ignore", "ignore", "pipe"] });
      let importerSaid = "";
      importer.stderr.on("data", (d) => (importerSaid += d));
      let running = true;
      const exited = new Promise((done) => importer.on("exit", (code) => { running = false; done(code); }));
      const label = async () => (await w.text("#period-label")) ?? "";
      let steps = 0;
      while (running && steps < 40) {
        const before = await label();
        await w.click(steps % 2 === 0 ? "#period-prev" : "#period-next");
        await waitFor("the period to change", async () => ((await label()) !== before ? true : null));
        steps++;
      }
      const errors = await w.run("return document.querySelectorAll('.error').length;");
      check("the window steps periods while salescope-cli imports into its database", steps >= 2 && errors === 0, `${steps} steps, ${errors} errors`);
      const code = await exited;
      check("the command-line import succeeds alongside the window", code === 0, importerSaid);
      await w.click("#nav-data");
      const seen = await waitFor("the new dataset", async () => ((await w.datasetRows()).some((r) => r[0] === "old-deals.csv") ? true : null)).catch((e) => e.message);
      check("the window sees what the command line imported", seen === true, String(seen));
      await w.click("#nav-scorecard");
      await waitFor("the scorecard", () => w.text("#scorecard-period"));

      // 11b. The Outlook shows the engine's figures: the sample's current quarter (its data ends
      // 2025-12-31) and 2026-Q1, as salescope-cli gives them on the same database, formatted as
      // the window formats them; a what-if win rate; the reps' goals in the leaderboard.
      await w.run(
        "localStorage.setItem('salescope.view.v1', JSON.stringify({ route: { view: 'scorecard' }, period: null, filter: [] })); setTimeout(() => location.reload(), 0);",
      );
      await sleep(1000);
      await waitFor("the default scorecard", async () => ((await w.text("#period-label")) === "2025-Q4" ? true : null), 60000);
      await w.run("document.querySelector('#nav-scorecard').focus();");
      await w.keys("\uE009", "4");
      const cliOutlook = (args) => JSON.parse(execFileSync(cli, ["--db", db, "outlook", "--json", ...args], { encoding: "utf8" }));
      const money = (v, cur) => (v === null ? "—" : `${v < 0 ? "-" : ""}${cur ?? "$"}${new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(Math.abs(v))}`);
      const times = (v) => (v === null ? "—" : `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(v)}×`);
      const count = (v) => (v === null ? "—" : new Intl.NumberFormat("en-US").format(v));
      const expected = (o) => ({
        closed: money(o.closed, o.currency),
        commit: money(o.commit, o.currency),
        pipeline: money(o.pipeline, o.currency),
        coverage: times(o.pipeline_coverage),
        opportunities: o.period_over ? null : count(o.plan.opportunities_needed),
      });
      const shownOutlook = () =>
        w.run(
          "const t = (id) => { const e = document.querySelector(id); return e ? e.textContent : null; }; return { period: t('#period-label'), closed: t('#outlook-closed'), commit: t('#outlook-commit'), pipeline: t('#outlook-pipeline'), coverage: t('#outlook-pipeline_coverage'), opportunities: t('#plan-opportunities') };",
        );
      const sameAs = async (what, period, want) =>
        waitFor(what, async () => {
          const got = await shownOutlook();
          // The period label may say "to date" after it; the driver gives the keys in any order.
          return (got.period ?? "").startsWith(period) && Object.keys(want).every((k) => got[k] === want[k]) ? got : null;
        }).catch(async (e) => ({ error: e.message, got: await shownOutlook() }));
      const q4 = cliOutlook([]);
      const shownQ4 = await sameAs("the Outlook of 2025-Q4", q4.period.label, expected(q4));
      check(
        "Ctrl+4 opens the Outlook of the sample's last quarter with the engine's closed, commit, pipeline and coverage",
        q4.period.label === "2025-Q4" && shownQ4.error === undefined && (await w.run("return document.querySelector('#nav-outlook').getAttribute('aria-current');")) === "page",
        `${JSON.stringify(shownQ4)} vs ${JSON.stringify(expected(q4))}`,
      );
      const chartLabel = await w.run("const i = document.querySelector('#outlook figure.chart img'); return i ? i.alt : null;");
      check("the outlook chart has a label that says its figures", (chartLabel ?? "").startsWith(`Outlook for 2025-Q4: closed ${money(q4.closed)}`), chartLabel);
      // (c) The reps' goals (the sample has rep revenue goals for every quarter) in the leaderboard.
      const board = JSON.parse(execFileSync(cli, ["--db", db, "leaderboard", "total_revenue", "--json"], { encoding: "utf8" }));
      const boardRows = await w.run(
        "return [...document.querySelectorAll('#leaderboard-table tbody tr:not(.group)')].map(r => [...r.cells].map(c => c.textContent));",
      );
      const withGoal = board.rows.filter((r) => r.goal !== null);
      const missing = withGoal.filter((r) => !boardRows.some((u) => u[0] === String(r.rank) && u[1] === r.segment && u[3] === money(r.goal)));
      check(
        "the leaderboard ranks the reps against their own goals, as the engine does",
        withGoal.length >= 5 && missing.length === 0,
        `${withGoal.length} reps with a goal; not shown as the engine ranks them: ${JSON.stringify(missing.slice(0, 3))}; shown: ${JSON.stringify(boardRows.slice(0, 3))}`,
      );
      await w.screenshot("16b-outlook");
      // (a) 2026-Q1, one period on.
      await w.click("#period-next");
      const q1 = cliOutlook(["--period", "2026-Q1"]);
      const shownQ1 = await sameAs("the Outlook of 2026-Q1", "2026-Q1", expected(q1));
      check("the next period, 2026-Q1, shows the engine's figures", shownQ1.error === undefined, `${JSON.stringify(shownQ1)} vs ${JSON.stringify(expected(q1))}`);
      // (b) A what-if win rate of 40%, typed: opportunities needed as the engine gives with --set win_rate=40%.
      const at40 = cliOutlook(["--period", "2026-Q1", "--set", "win_rate=40%"]);
      await w.type("#whatif-win_rate", "40%");
      const shownAt40 = await sameAs("the what-if figures", "2026-Q1", expected(at40));
      const field = await w.run(
        "const i = document.querySelector('#whatif-win_rate'); return { value: i.value, focused: document.activeElement === i, whatIf: (document.querySelector('#plan-what-if') || {}).textContent };",
      );
      check(
        "a what-if win rate of 40% gives the engine's opportunities needed, the field keeping its text and focus",
        shownAt40.error === undefined && at40.plan.opportunities_needed !== q1.plan.opportunities_needed && field.value === "40%" && field.focused && field.whatIf === "What-ifs: win rate.",
        `${JSON.stringify(shownAt40)} vs ${JSON.stringify(expected(at40))}; ${JSON.stringify(field)}`,
      );
      await w.screenshot("16c-outlook-what-if");
      await w.click("#whatif-reset");
      const reset = await sameAs("today's rates again", "2026-Q1", expected(q1));
      check("Reset to today's rates gives the engine's plan again", reset.error === undefined, JSON.stringify(reset));

      // 11c. Why it moved: the default view's revenue says the engine's sentence (salescope-cli
      // explain on the same database), in the tile's tooltip once focused a moment and in the detail.
      await w.run(
        "localStorage.setItem('salescope.view.v1', JSON.stringify({ route: { view: 'scorecard' }, period: null, filter: [] })); setTimeout(() => location.reload(), 0);",
      );
      await sleep(1000);
      await waitFor("the default scorecard", async () => ((await w.text("#period-label")) === "2025-Q4" ? true : null), 60000);
      const explain = (args) => JSON.parse(execFileSync(cli, ["--db", db, "explain", "total_revenue", "--json", ...args], { encoding: "utf8" }));
      const why = explain([]);
      await w.run("document.querySelector('#tile-total_revenue').focus();");
      const tip = await waitFor("the tile's sentence", () =>
        w.run("const t = document.querySelector('#tile-total_revenue'); return t && t.title.includes(arguments[0]) ? t.title : null;", [why.text]),
      ).catch((e) => e.message);
      check("the revenue tile, focused a moment, gains the engine's sentence in its tooltip", tip.includes(why.text), `${tip} vs ${why.text}`);
      await w.click("#tile-total_revenue");
      const sentence = await waitFor("the sentence", () => w.text("#why-text"), 60000).catch((e) => e.message);
      check("the detail says why revenue moved in 2025-Q4, as salescope-cli explain does", why.period.label === "2025-Q4" && sentence === why.text, `${sentence} vs ${why.text}`);
      const segments = await w.run("return [...document.querySelectorAll('#why-table tbody th')].map(t => t.innerText.trim());");
      const engineSegments = why.contributions.map((c) => (c.segment === "" ? `no ${why.dimension}` : c.segment));
      check("its segments are the engine's, largest first", JSON.stringify(segments) === JSON.stringify(engineSegments), `${JSON.stringify(segments)} vs ${JSON.stringify(engineSegments)}`);
      await w.screenshot("16d-why-it-moved");
      const yearAgo = explain(["--vs", "year_ago", "--by", "region"]);
      await w.run("const s = document.querySelector('#why-versus'); s.value = 'year_ago'; s.dispatchEvent(new Event('change'));");
      await w.run("const s = document.querySelector('#why-by'); s.value = 'region'; s.dispatchEvent(new Event('change'));");
      const versusYear = await waitFor("the year-ago sentence", async () => {
        const t = await w.text("#why-text");
        return t === yearAgo.text ? t : null;
      }).catch((e) => e.message);
      check("against a year ago, split by region, it says what salescope-cli explain --vs year_ago --by region says", versusYear === yearAgo.text, `${versusYear} vs ${yearAgo.text}`);
      await w.run("const s = document.querySelector('#why-versus'); s.value = 'previous'; s.dispatchEvent(new Event('change'));");

      // 11d. A note added through the window is listed and marked on the trend; removed (asked first), both go.
      // WebKit's driver does not scroll a control below the fold into view before clicking it.
      const clickSeen = async (css) => {
        await w.run("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", [css]);
        await w.click(css);
      };
      const trendSrc = () => w.run("const i = document.querySelector(\"figure[data-spec='trend:total_revenue'] img\"); return i ? i.getAttribute('src') : null;");
      const noteCount = () => w.run("return document.querySelectorAll('#notes-list li').length;");
      const plainTrend = await trendSrc();
      const notesBefore = await noteCount();
      await clickSeen("#note-add");
      await waitFor("the note form", () => w.text("#note-form"));
      const days = await w.run("return document.querySelector('#note-days').value;");
      await w.run("document.querySelector('#note-text').scrollIntoView({ block: 'center' });");
      await w.type("#note-text", "E2E: price list 2026 announced");
      await clickSeen("#note-save");
      const listed = await waitFor("the note in the list", () =>
        w.run("const li = [...document.querySelectorAll('#notes-list li')]; const i = li.findIndex(x => x.innerText.includes('E2E: price list 2026 announced')); return i < 0 ? null : { number: li[i].querySelector('.note-number').textContent, index: i + 1, count: li.length, text: li[i].innerText };"),
      ).catch((e) => ({ error: e.message }));
      const saved = JSON.parse(execFileSync(cli, ["--db", db, "notes", "list", "--json"], { encoding: "utf8" })).find((n) => n.text === "E2E: price list 2026 announced");
      check(
        "Add note saves the view's last month for this KPI and everyone, and lists it numbered as on the trend",
        days === "2025-12-01..2025-12-31" && saved?.start === "2025-12-01" && saved?.end === "2025-12-31" && saved?.kpi === "total_revenue" && saved?.filter.length === 0 && listed.number === String(listed.index) && listed.count === notesBefore + 1,
        `${days}; ${JSON.stringify(saved)}; ${JSON.stringify(listed)}`,
      );
      const marked = await waitFor("the trend's marker", async () => {
        const src = await trendSrc();
        return src !== null && src !== plainTrend ? src : null;
      }).catch((e) => e.message);
      check("the trend is drawn again with the note's marker", typeof marked === "string" && marked.startsWith("data:image/svg+xml") && marked !== plainTrend, String(marked).slice(0, 80));
      await w.screenshot("16e-note-added");
      await clickSeen(`#note-remove-${saved?.id}`);
      const asked = await waitFor("the confirmation", () => w.text("#confirm-dialog")).catch((e) => e.message);
      await w.click("#confirm-dialog-ok");
      const gone = await waitFor("the note to go", async () => ((await noteCount()) === notesBefore ? true : null)).catch((e) => e.message);
      const unmarked = await waitFor("the trend without the marker", async () => ((await trendSrc()) === plainTrend ? true : null)).catch((e) => e.message);
      const left = JSON.parse(execFileSync(cli, ["--db", db, "notes", "list", "--json"], { encoding: "utf8" }));
      check(
        "Remove asks first; then the note leaves the list, the database and the trend",
        asked.includes("Remove the note of 1 – 31 Dec 2025?") && gone === true && unmarked === true && !left.some((n) => n.id === saved?.id),
        `${asked}; ${gone}; ${unmarked}; ${JSON.stringify(left)}`,
      );

      // 11e. The trend's months: a region per month over the picture, where the core says it is;
      // focused (one tab stop, the arrow keys moving between months) or hovered, a month's tooltip
      // says its text, starting with its label; clicked, Add note opens on its days.
      const trendCss = "figure[data-spec='trend:total_revenue']";
      const detail = await w.invoke("kpi_detail", { view: { period: null, filter: [], today: null }, kpi: "total_revenue" });
      const regions = (detail.ok?.charts ?? []).find((c) => c.spec === "trend:total_revenue")?.regions ?? [];
      const overlay = await w.run(
        "const f = document.querySelector(arguments[0]); const img = f.querySelector('img').getBoundingClientRect(); return [...f.querySelectorAll('.chart-month')].map(b => { const r = b.getBoundingClientRect(); return { id: b.id, label: b.dataset.label, days: b.dataset.days, tab: b.tabIndex, box: [(r.left - img.left) / img.width, (r.top - img.top) / img.height, r.width / img.width, r.height / img.height] }; });",
        [trendCss],
      );
      // Each region is a whole month, named as people read it, the next one starting the day after.
      const monthName = (days) => new Date(`${days.slice(0, 7)}-01T00:00:00Z`).toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
      const dayAfter = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
      const wrong = overlay.filter((m, i) => {
        const r = regions[i];
        const next = regions[i + 1];
        const near = (a, b) => Math.abs(a - b) < 0.005;
        return (
          r === undefined ||
          m.label !== r.label ||
          m.days !== r.days ||
          r.label !== monthName(r.days) ||
          (next !== undefined && next.days.slice(0, 10) !== dayAfter(r.days.slice(12))) ||
          !near(m.box[0], r.x) ||
          !near(m.box[1], r.y) ||
          !near(m.box[2], r.w) ||
          !near(m.box[3], r.h)
        );
      });
      const stops = overlay.filter((m) => m.tab === 0);
      check(
        "the trend has a region per month, where the picture draws it, one tab stop for them all",
        regions.length >= 12 && overlay.length === regions.length && wrong.length === 0 && regions.some((r) => r.days === "2025-12-01..2025-12-31") && stops.length === 1,
        `${overlay.length} regions shown, ${regions.length} from the core; not as the core says: ${JSON.stringify(wrong.slice(0, 2))}; tab stops: ${JSON.stringify(stops.map((m) => m.id))}`,
      );
      const monthTip = () =>
        w.run(
          "const t = document.querySelector('#trend-tip'); if (t === null) return null; const r = t.getBoundingClientRect(); return { text: t.textContent, days: t.dataset.days, seen: r.width > 0 && r.height > 0 && getComputedStyle(t).visibility !== 'hidden', focus: document.activeElement ? document.activeElement.id : null };",
        );
      const tipOf = (i) =>
        waitFor(`the tooltip of ${regions[i]?.label}`, async () => {
          const t = await monthTip();
          return t !== null && t.days === regions[i]?.days ? t : null;
        }).catch(async (e) => ({ error: e.message, got: await monthTip() }));
      const tipSays = (t, i) => regions[i] !== undefined && t.error === undefined && t.seen && t.text.startsWith(regions[i].label) && t.text === regions[i].text;
      const at = overlay.findIndex((m) => m.tab === 0);
      await w.run("const b = document.querySelector(arguments[0]); if (b) { b.scrollIntoView({ block: 'center' }); }", [`#${stops[0]?.id ?? "trend-month-0"}`]);
      // The pointer out of the way: a month that scrolls under it would show its own tooltip.
      await w.park();
      await w.run("const b = document.querySelector(arguments[0]); if (b) b.focus();", [`#${stops[0]?.id ?? "trend-month-0"}`]);
      const focusedTip = await tipOf(at);
      await w.keys("\uE012");
      const leftTip = await tipOf(at - 1);
      check(
        "a month focused shows its tooltip, its text starting with the month; the left arrow moves to the month before",
        at > 0 && tipSays(focusedTip, at) && focusedTip.focus === overlay[at].id && tipSays(leftTip, at - 1) && leftTip.focus === overlay[at - 1]?.id,
        `${JSON.stringify(focusedTip)} / after ←: ${JSON.stringify(leftTip)}`,
      );
      const hoverTip = await w
        .hover("#trend-month-2")
        .then(() => tipOf(2))
        .catch((e) => ({ error: e.message }));
      check("a month hovered shows its tooltip, its text starting with the month", tipSays(hoverTip, 2), `${JSON.stringify(hoverTip)} vs ${JSON.stringify(regions[2]?.text)}`);
      await w.screenshot("16f-trend-month");
      const opened = await clickSeen("#trend-month-5")
        .then(() => waitFor("the note form", () => w.text("#note-form")))
        .then(() => w.run("return { days: document.querySelector('#note-days').value, focus: document.activeElement.id };"))
        .catch((e) => ({ error: e.message }));
      await w.keys("\uE00C");
      const closed = await waitFor("the note form to close", async () => ((await w.text("#note-form")) === null ? true : null)).catch((e) => e.message);
      const back = await w.run("return document.activeElement.id;");
      check(
        "clicking a month opens Add note on that month's days; Escape closes it, back on the month",
        opened.days === regions[5]?.days && opened.focus === "note-text" && closed === true && back === "trend-month-5",
        `${JSON.stringify(opened)} vs ${regions[5]?.days}; ${closed}; focus on ${back}`,
      );
      await w.click("#nav-scorecard");
      await waitFor("the scorecard", () => w.text("#scorecard-period"));

      // 11f. Export deck… writes the file salescope-cli writes for the same view, byte for byte,
      // as PowerPoint and as PDF. The window's view is what it remembers (period, filter) with
      // today the clock's; the test-only e2e_export_deck is the command the button calls, with
      // the path the save dialog would give. salescope-cli gets the same period (none when the
      // view names none), filter and day (its clock when the view has none).
      const deckButton = await w.run(
        "const b = document.querySelector('#export-deck'); return b === null ? null : { after: b.previousElementSibling?.id ?? null, disabled: b.disabled, title: b.title };",
      );
      check(
        "the toolbar has Export deck… beside Export all, with its shortcut",
        deckButton !== null && deckButton.after === "export-all" && !deckButton.disabled && deckButton.title.includes("Ctrl+Shift+D"),
        JSON.stringify(deckButton),
      );
      const remembered = await w.run("return JSON.parse(localStorage.getItem('salescope.view.v1'));");
      const deckView = { period: remembered.period, filter: remembered.filter, today: null };
      // A view without a period is the CLI's without --period: the same default quarter, and
      // the same outlook (the quarter of the data's last day, not the period shown, then over).
      const deckArgs = [
        ...(deckView.period === null ? [] : ["--period", deckView.period]),
        ...deckView.filter.flatMap((p) => ["--filter", `${p.dimension}=${p.value}`]),
        // The window's clock, as the CLI's without --as-of (an explicit day also fixes the
        // outlook's day, which otherwise is the data's last day when that is earlier).
        ...(deckView.today === null ? [] : ["--as-of", deckView.today]),
      ];
      for (const [ext, kind, magic] of [
        ["pptx", "PowerPoint", "PK"],
        ["pdf", "PDF", "%PDF"],
      ]) {
        const fromWindow = join(work, `window deck.${ext}`);
        const fromCli = join(work, `cli deck.${ext}`);
        const wrote = await w.invoke("e2e_export_deck", { view: deckView, path: fromWindow });
        execFileSync(cli, ["--db", db, "export", "deck", "--out", fromCli, ...deckArgs], { stdio: ["ignore", "ignore", "pipe"] });
        const mine = existsSync(fromWindow) ? readFileSync(fromWindow) : Buffer.alloc(0);
        const theirs = readFileSync(fromCli);
        check(
          `Export deck… writes the ${kind} file salescope-cli export deck writes for the same view (same bytes)`,
          wrote.ok?.path === fromWindow && wrote.ok?.files === 1 && mine.length > 1000 && mine.toString("latin1", 0, magic.length) === magic && mine.equals(theirs),
          `${JSON.stringify(wrote)}; ${mine.length} bytes vs ${theirs.length} from salescope-cli export deck ${deckArgs.join(" ")} (view ${JSON.stringify(deckView)})`,
        );
      }
      // The decks' progress events went to the message line (no deck was started from the button): dismissed.
      await w.run("const b = document.querySelector('#status-dismiss'); if (b) b.click();");

      // 11g. The focus set (Goals view, KPIs the team reviews): by default the engine's (every KPI
      // with a goal in the view), ticked first and in order; ticking a KPI saves the focus setting
      // and adds its tile last to the scorecard's focus tiles; unticking one folds its tile under
      // All KPIs; Alt+↑ moves a KPI up; Use every KPI with a goal puts the default back, as the
      // later checks expect it.
      const card = JSON.parse(execFileSync(cli, ["--db", db, "kpis", "--json"], { encoding: "utf8" }));
      const defaultFocus = card.focus;
      const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
      const tilesOf = (ids) => ids.map((id) => `tile:${id}`);
      const focusSetting = async () => (await w.invoke("get_settings", {})).ok?.focus;
      const settingIs = (what, want) =>
        waitFor(what, async () => (same(await focusSetting(), want) ? true : null)).catch(async () => JSON.stringify(await focusSetting()));
      const focusTiles = () => w.run("return [...document.querySelectorAll('#focus-kpis figure')].map(f => f.dataset.spec);");
      const foldedTiles = () => w.run("return [...document.querySelectorAll('#all-kpis figure')].map(f => f.dataset.spec);");
      /** The scorecard once its focus tiles are those of `ids`: [focus tiles, folded tiles, the fold's summary]. */
      const scorecardWith = async (ids) => {
        await w.click("#nav-scorecard");
        const tiles = await waitFor("the focus tiles", async () => {
          const t = await focusTiles();
          return same(t, tilesOf(ids)) ? t : null;
        }).catch(async () => focusTiles());
        return [tiles, await foldedTiles(), await w.text("#all-kpis-summary")];
      };
      const goalsFocus = async () => {
        await w.click("#nav-goals");
        await waitFor("the focus set", () => w.text("#focus-list"));
      };
      const ticks = () =>
        w.run("return [...document.querySelectorAll('#focus-list input[type=checkbox]')].map(b => [b.dataset.kpi, b.checked]);");
      await goalsFocus();
      const defaultTicks = await waitFor("the default ticked", async () => {
        const t = await ticks();
        return same(t.filter(([, on]) => on).map(([id]) => id), defaultFocus) ? t : null;
      }).catch(async () => ticks());
      const focusNote = (await w.text("#focus-set-note")) ?? "";
      check(
        "the Goals view ticks the engine's default focus set (every KPI with a goal), first and in order, and says it is the default",
        card.focus_set === false &&
          defaultFocus.length >= 3 &&
          same(defaultTicks.slice(0, defaultFocus.length), defaultFocus.map((id) => [id, true])) &&
          defaultTicks.length === card.kpis.length &&
          focusNote.startsWith("The default: every KPI with a goal"),
        `${JSON.stringify(defaultTicks)} vs ${JSON.stringify(defaultFocus)}; "${focusNote}"`,
      );
      await w.screenshot("16g-focus-set");
      const extra = (card.kpis.find((k) => !defaultFocus.includes(k.id) && k.value !== null) ?? card.kpis.find((k) => !defaultFocus.includes(k.id)))?.id;
      await clickSeen(`#focus-kpi-${extra}`);
      const withExtra = [...defaultFocus, extra];
      const savedExtra = await settingIs("the focus setting with the KPI ticked", withExtra);
      const [tilesExtra, foldedExtra] = await scorecardWith(withExtra);
      check(
        "ticking a KPI in the Goals view saves the focus setting and adds its tile last to the scorecard's focus tiles",
        savedExtra === true && same(tilesExtra, tilesOf(withExtra)) && !foldedExtra.includes(`tile:${extra}`),
        `${extra}: setting ${savedExtra}; focus tiles ${JSON.stringify(tilesExtra)}`,
      );
      await goalsFocus();
      const dropped = defaultFocus[0];
      await clickSeen(`#focus-kpi-${dropped}`);
      const withoutFirst = withExtra.filter((id) => id !== dropped);
      const savedWithout = await settingIs("the focus setting with the KPI unticked", withoutFirst);
      // Alt+↑ on the ticked KPI's box: it moves up one place.
      await w.run("const b = document.querySelector(arguments[0]); b.scrollIntoView({ block: 'center' }); b.focus();", [`#focus-kpi-${extra}`]);
      await w.keys("\uE00A", "\uE013");
      const movedUp = [...withoutFirst.slice(0, -2), extra, withoutFirst.at(-2)];
      const savedMoved = await settingIs("the focus setting with the KPI moved up", movedUp);
      const stillFocused = await w.run("return document.activeElement ? document.activeElement.id : null;");
      const [tilesMoved, foldedMoved, summary] = await scorecardWith(movedUp);
      check(
        "unticking a KPI folds its tile under All KPIs; Alt+↑ moves a KPI up, the focus staying on it",
        savedWithout === true &&
          savedMoved === true &&
          stillFocused === `focus-kpi-${extra}` &&
          same(tilesMoved, tilesOf(movedUp)) &&
          foldedMoved.includes(`tile:${dropped}`) &&
          summary === `All KPIs (${card.kpis.length - movedUp.length})`,
        `setting ${savedWithout} / ${savedMoved}; focus on ${stillFocused}; focus tiles ${JSON.stringify(tilesMoved)}; folded ${JSON.stringify(foldedMoved)}; "${summary}"`,
      );
      await w.screenshot("16h-focus-tiles");
      await goalsFocus();
      await clickSeen("#focus-reset");
      const savedReset = await settingIs("the focus setting reset", null);
      const [tilesReset] = await scorecardWith(defaultFocus);
      check(
        "Use every KPI with a goal resets the setting: the scorecard's focus tiles are the default again",
        savedReset === true && same(tilesReset, tilesOf(defaultFocus)),
        `setting ${savedReset}; focus tiles ${JSON.stringify(tilesReset)}`,
      );
    } finally {
      await w.close();
    }

    // 12. Without SALESCOPE_E2E the test-only commands are neither registered nor granted.
    const { SALESCOPE_E2E: _, ...plain } = env;
    w = await openSession(app, plain, artifacts);
    try {
      await waitFor("the window", () => w.text("#scorecard-period"), 60000);
      const refused = await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [join(work, "march-deals.csv")] } });
      check("the drop test command is absent in a normal run", refused.err !== undefined && refused.ok === undefined, JSON.stringify(refused));
      const noExport = await w.invoke("e2e_export_chart", { spec: "scorecard", view: { period: null, filter: [], today: null }, size: { width: 800, height: 600, scale: 1 }, path: join(work, "x.png") });
      check("the export test command is absent in a normal run", noExport.err !== undefined && !existsSync(join(work, "x.png")), JSON.stringify(noExport));
      const preview = await w.invoke("preview_file", { file: 999, sheet: null, mapping: { kind: null, roles: {} } });
      check("a file the user did not hand over cannot be read", preview.err?.code === "invalid_argument", JSON.stringify(preview));
      const limit = await w.invoke("set_setting", { key: "limit.cells", value: "999999999999" });
      check("the page cannot raise the import limits", limit.err?.code === "invalid_argument", JSON.stringify(limit));
      const fresh = await w.invoke("database_start_fresh", {});
      check("a database that opens fine is not moved aside", fresh.err?.code === "invalid_argument" && existsSync(db), JSON.stringify(fresh));
    } finally {
      await w.close();
    }

    // 13. A damaged database at start: a clear message and a way forward, nothing deleted.
    const broken = join(work, "broken.db");
    writeFileSync(broken, Buffer.alloc(64 * 1024, 0xa5));
    w = await openSession(app, await appEnv(work, broken, { SALESCOPE_E2E: "1" }), artifacts);
    try {
      const panel = await waitFor("the database panel", () => w.text("#database-unusable"), 60000);
      check("a damaged database is explained with a way forward", panel.includes("Salescope cannot use its database") && panel.includes("not a SQLite database") && panel.includes("Start fresh"), panel);
      await w.screenshot("17-damaged-database");
      await w.click("#db-start-fresh");
      const welcome = await waitFor("the welcome card", () => w.text("#empty-state"));
      check("starting fresh gives an empty database", welcome.includes("Your sales data, at a glance"), welcome);
      const kept = readdirSync(work).filter((f) => f.startsWith("broken.unusable-") && f.endsWith(".db"));
      check("the damaged file is kept aside, whole", kept.length === 1 && readFileSync(join(work, kept[0])).equals(Buffer.alloc(64 * 1024, 0xa5)), kept.join(", "));
      const said = (await w.text("#status-text")) ?? "";
      check("the message says where the old file went", said.includes(kept[0] ?? "?"), said);
    } finally {
      await w.close();
    }
  } finally {
    removeScratch(work);
  }
}

runChecks("e2e run", main);
