// End-to-end test of the real Salescope window, driven through tauri-driver
// (W3C WebDriver, plain fetch, no browser download) under Xvfb.
// Builds nothing: run `npm --prefix ui run build && cargo build -p salescope` first, then
//   node tests/e2e/run.mjs
// Screenshots of each step go to tests/e2e/artifacts/. The last line reads
// "N passed, N failed"; the exit code is non-zero when a check failed.
//
// WebDriver cannot drop files on a window. The app, when a debug build runs with
// SALESCOPE_E2E=1, registers and grants one extra command, `e2e_drag_drop`, that
// hands a drag-and-drop event to the very function the window's drop handler
// calls (src-tauri/src/drop.rs). The last step checks that without the variable
// the command does not exist.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
// The debug build of the app (SALESCOPE_APP names another one).
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
const app = resolve(root, process.env.SALESCOPE_APP ?? join(targetDir, "debug", "salescope"));
const artifacts = join(here, "artifacts");

const children = new Set();
let passed = 0;
let failed = 0;

const log = (msg) => process.stdout.write(`${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function start(cmd, args, opts) {
  const child = spawn(cmd, args, opts);
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([gone, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Last resort on exit: anything still running is killed outright. */
function killAll() {
  for (const c of children) {
    try {
      c.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/** Stops every process started here, newest first, letting each clean up (Xvfb removes its lock). */
async function stopAll() {
  for (const c of [...children].reverse()) await stop(c);
}

process.on("exit", killAll);
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  for (let n = 99; n < 160; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    start("Xvfb", [`:${n}`, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return `:${n}`;
      await sleep(100);
    }
    throw new Error(`Xvfb :${n} did not start`);
  }
  throw new Error("no free X display number between :99 and :159");
}

async function waitFor(what, probe, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    log(`ok   ${name}`);
  } else {
    failed++;
    log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

/** Starts tauri-driver with `env` (the app inherits it) and opens a session on the app. */
async function openSession(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const driver = start(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitFor("tauri-driver", async () => (await fetch(`${base}/status`)).ok, 15000);

  const wd = async (method, path, body, timeoutMs = 60000) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
    return json.value;
  };
  const { sessionId } = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application: app } } },
  });
  const s = (p) => `/session/${sessionId}${p}`;
  const run = (script, args = []) => wd("POST", s("/execute/sync"), { script, args });
  return {
    run,
    /** Calls a command as the page would; resolves to {ok} or {err}. */
    invoke: (cmd, args) =>
      wd("POST", s("/execute/async"), {
        script:
          "const done = arguments[arguments.length - 1];" +
          "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(v => done({ ok: v }), e => done({ err: e }));",
        args: [cmd, args],
      }),
    /** Starts a command and returns at once (WebDriver runs one request at a time). */
    invokeLater: (cmd, args) =>
      run(
        "window.__e2e = null; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(v => { window.__e2e = { ok: v }; }, e => { window.__e2e = { err: e }; });",
        [cmd, args],
      ),
    text: (css) => run("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", [css]),
    // The page may rebuild an element between finding and clicking it: find it again.
    click: async (css) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const el = await wd("POST", s("/element"), { using: "css selector", value: css });
          await wd("POST", s(`/element/${Object.values(el)[0]}/click`), {});
          return;
        } catch (e) {
          if (attempt >= 5 || !/stale element|no such element/.test(e.message)) throw e;
          await sleep(200);
        }
      }
    },
    datasetRows: () =>
      run("return [...document.querySelectorAll('#datasets tbody tr')].map(r => [...r.cells].slice(0, 3).map(c => c.innerText.trim()));"),
    screenshot: async (name, settleMs = 1500) => {
      // A screenshot taken the moment after the page changes can stall WebKit's
      // driver; let the page settle, and retry once.
      let png;
      for (let attempt = 0; attempt < 2 && png === undefined; attempt++) {
        await sleep(settleMs);
        png = await wd("GET", s("/screenshot"), undefined, 15000).catch(() => undefined);
      }
      if (png === undefined) {
        log(`note: no screenshot for ${name}`);
        return;
      }
      writeFileSync(join(artifacts, `${name}.png`), Buffer.from(png, "base64"));
    },
    close: async () => {
      await wd("DELETE", s(""), undefined, 15000).catch(() => {});
      await stop(driver);
    },
  };
}

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

async function main() {
  if (!existsSync(app)) throw new Error(`${app} is missing: run cargo build -p salescope first`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "salescope-e2e-"));
  const q1 = join(work, "q1-deals.csv");
  const env = {
    ...process.env,
    DISPLAY: await startDisplay(),
    SALESCOPE_DB: join(work, "e2e.db"),
    SALESCOPE_E2E: "1",
    XDG_CACHE_HOME: join(work, "cache"),
    XDG_DATA_HOME: join(work, "data"),
  };
  try {
    let w = await openSession(env);
    try {
      // 1. A fresh database: the welcome card offers the sample and the Open button.
      const empty = await waitFor("the empty state", () => w.text("#empty-state"));
      check("first launch shows the welcome card", empty.includes("Your sales data, at a glance") && empty.includes("Load sample data"), empty);
      check("the database path is shown", ((await w.text("#db-path")) ?? "").endsWith("e2e.db"));
      await w.screenshot("01-empty");

      // 2. Files dragged over the window: the drop zone covers it.
      writeFileSync(q1, dealsCsv(5));
      await w.invoke("e2e_drag_drop", { event: { kind: "enter", paths: [q1] } });
      const zone = await waitFor("the drop zone", () => w.text("#dropzone"));
      check("dragging shows the drop zone", zone.includes("Drop the file to import it"), zone);
      await w.screenshot("02-dragging");

      // 3. The drop imports the CSV; the dataset appears with its kind and rows.
      const dropped = await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [q1] } });
      check(
        "the drop imports 5 deals",
        dropped.ok?.reports?.[0]?.sheets?.[0]?.rows_imported === 5 && dropped.ok.reports[0].sheets[0].kind === "deals",
        JSON.stringify(dropped).slice(0, 300),
      );
      check("the drop zone is gone after the drop", (await w.text("#dropzone")) === null);
      const rows = await waitFor("the dataset row", async () => {
        const r = await w.datasetRows();
        return r.length === 1 ? r : null;
      });
      check("the dataset appears as 5 rows of deals", JSON.stringify(rows) === JSON.stringify([["q1-deals.csv", "Deals", "5"]]), JSON.stringify(rows));
      const report = (await w.text("#report")) ?? "";
      check("the import report is shown", report.includes("5 rows of deals imported (header on row 1)") && report.includes("close_date"), report.slice(0, 300));
      await w.screenshot("03-imported");

      // 4. A damaged file next to a good one: the error names the file, the good one still imports.
      const bad = join(work, "broken.xlsx");
      writeFileSync(bad, "PK\u0003\u0004 this is not really a workbook");
      const q2 = join(work, "q2-deals.csv");
      writeFileSync(q2, dealsCsv(7, "Q2-"));
      const both = await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [bad, q2] } });
      check(
        "one bad file does not hide the other's report",
        both.ok?.errors?.length === 1 && both.ok?.reports?.length === 1 && both.ok.errors[0].code === "unreadable",
        JSON.stringify(both).slice(0, 300),
      );
      const alert = await waitFor("the error", () => w.text("#report .error"));
      check("a damaged file gets a clear error with its name", alert.includes("broken.xlsx") && alert.includes("save it again"), alert);
      await w.screenshot("04-error");

      // 5. A large file: progress with rows done and total, and Cancel rolls it back.
      const big = join(work, "big-deals.csv");
      writeFileSync(big, dealsCsv(400000));
      await w.invokeLater("e2e_drag_drop", { event: { kind: "drop", paths: [big] } });
      const label = await waitFor("the progress bar", () => w.text("#progress-label"), 30000);
      check("a running import shows its progress", label.includes("big-deals.csv"), label);
      // Rows are counted as they are written (the total is known up front only for
      // files the importer plans from all rows, under 20,000 rows).
      const counting = await waitFor(
        "a row count",
        async () => {
          const l = await w.text("#progress-label");
          return l !== null && /Importing big-deals\.csv: [1-9][\d,]* (of 400,000 )?rows/.test(l) ? l : null;
        },
        60000,
      ).catch((e) => e.message);
      check("progress counts the rows written", counting.startsWith("Importing"), counting);
      await w.screenshot("05-progress", 200);
      await w.click("#cancel-import");
      const cancelled = await waitFor("the import to stop", async () => (await w.run("return window.__e2e;")) ?? null, 60000);
      check("Cancel stops the import", cancelled.ok?.cancelled === true && cancelled.ok.reports.length === 0, JSON.stringify(cancelled).slice(0, 300));
      const status = (await w.text("#status")) ?? "";
      check("the window says the import was cancelled", status.includes("cancelled"), status);
      check("a cancelled import adds nothing", (await w.datasetRows()).length === 2);
      await w.screenshot("06-cancelled");

      // 6. Remove a dataset, with a confirmation in the page.
      await w.click('#datasets tbody tr:first-child button[title^="Remove"]');
      const question = await waitFor("the confirmation", () => w.text("#confirm-dialog"));
      check("removing asks first", question.includes("Remove q2-deals.csv?"), question);
      await w.screenshot("07-confirm-remove");
      await w.click("#confirm-ok");
      await waitFor("the row to go", async () => ((await w.datasetRows()).length === 1 ? true : null));
      check("the dataset is removed", JSON.stringify((await w.datasetRows()).map((r) => r[0])) === '["q1-deals.csv"]');

      // 7. The sample workbook from the header button.
      await w.click("#load-sample");
      const sample = await waitFor(
        "the sample datasets",
        async () => {
          const r = await w.datasetRows();
          return r.length === 7 ? r : null;
        },
        90000,
      );
      const kinds = sample.map((r) => r[1]).sort().join(",");
      check("the sample adds six sheets", kinds === "Activities,Deals,Deals,Leads,Lookup,Spend,Targets", kinds);
      await w.screenshot("08-sample");
    } finally {
      await w.close();
    }

    // 8. Without SALESCOPE_E2E the test-only command is neither registered nor granted.
    const { SALESCOPE_E2E: _, ...plain } = env;
    w = await openSession(plain);
    try {
      await waitFor("the window", () => w.text("#datasets"));
      const refused = await w.invoke("e2e_drag_drop", { event: { kind: "drop", paths: [q1] } });
      check("the test-only command is absent in a normal run", refused.err !== undefined && refused.ok === undefined, JSON.stringify(refused));
      check("a normal run opens the same database", (await w.datasetRows()).length === 7);
    } finally {
      await w.close();
    }
  } finally {
    // WebKit's processes may still be writing their caches for a moment after a
    // session ends; retry, and never fail the run over a scratch folder.
    try {
      rmSync(work, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    } catch (e) {
      console.warn(`warning: could not remove ${work}: ${e.message}`);
    }
  }
}

main()
  .catch((e) => {
    failed++;
    log(`FAIL e2e run: ${e.message}`);
  })
  .finally(async () => {
    await stopAll();
    log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
  });
