// End-to-end test of the real Salescope window, driven through tauri-driver
// (W3C WebDriver) under Xvfb. Run after `cargo build -p salescope`:
//   node tests/e2e/run.mjs
// Screenshots of each step go to tests/e2e/artifacts/. The last line says
// "N passed, N failed"; the exit code is non-zero when a check failed.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const app = resolve(root, process.env.SALESCOPE_APP ?? "target/debug/salescope");
const artifacts = join(here, "artifacts");
const port = Number(process.env.E2E_WEBDRIVER_PORT ?? 4444);
const base = `http://127.0.0.1:${port}`;

const children = [];
let passed = 0;
let failed = 0;

function log(msg) {
  process.stdout.write(`${msg}\n`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function cleanup() {
  for (const c of children.reverse()) {
    try {
      c.kill("SIGTERM");
    } catch {
      /* already gone */
    }
  }
}

process.on("exit", cleanup);
process.on("SIGINT", () => process.exit(130));

async function startDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  for (let n = 99; n < 120; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const x = spawn("Xvfb", [`:${n}`, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], { stdio: "ignore" });
    children.push(x);
    for (let i = 0; i < 50; i++) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return `:${n}`;
      await sleep(100);
    }
    throw new Error(`Xvfb :${n} did not start`);
  }
  throw new Error("no free X display number between :99 and :119");
}

async function wd(method, path, body, timeoutMs = 30000) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
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

async function main() {
  if (!existsSync(app)) throw new Error(`${app} is missing: run cargo build -p salescope first`);
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "salescope-e2e-"));
  const display = await startDisplay();
  const env = {
    ...process.env,
    DISPLAY: display,
    SALESCOPE_DB: join(work, "e2e.db"),
    SALESCOPE_E2E: "1",
    XDG_CACHE_HOME: join(work, "cache"),
  };
  const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
  const driver = spawn(driverBin, ["--port", String(port)], { env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(driver);
  await waitFor("tauri-driver", async () => (await fetch(`${base}/status`)).ok, 15000);

  const session = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { "tauri:options": { application: app } } },
  });
  const sid = session.sessionId;
  const s = (p) => `/session/${sid}${p}`;
  const run = (script, args = []) => wd("POST", s("/execute/sync"), { script, args });
  const invoke = (cmd, args) =>
    wd("POST", s("/execute/async"), {
      script:
        "const done = arguments[arguments.length - 1];" +
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(v => done({ ok: v }), e => done({ err: e }));",
      args: [cmd, args],
    });
  const text = (css) => run("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", [css]);
  const click = async (css) => {
    const el = await wd("POST", s("/element"), { using: "css selector", value: css });
    await wd("POST", s(`/element/${Object.values(el)[0]}/click`), {});
  };
  let shot = 0;
  // A screenshot taken the moment after the page changes can stall WebKit's
  // driver; let the page settle, and retry once.
  const screenshot = async (name) => {
    let png;
    for (let attempt = 0; attempt < 2 && png === undefined; attempt++) {
      await sleep(1500);
      png = await wd("GET", s("/screenshot"), undefined, 15000).catch(() => undefined);
    }
    shot++;
    if (png === undefined) {
      log(`note: no screenshot for step ${name}`);
      return;
    }
    writeFileSync(join(artifacts, `${String(shot).padStart(2, "0")}-${name}.png`), Buffer.from(png, "base64"));
  };
  const datasetRows = () =>
    run("return [...document.querySelectorAll('#datasets tbody tr')].map(r => [...r.cells].slice(0, 3).map(c => c.innerText.trim()));");

  try {
    // 1. A fresh database: the welcome card offers the sample and the Open button.
    const empty = await waitFor("the empty state", () => text("#empty-state"));
    check("first launch shows the welcome card", empty.includes("Your sales data, at a glance"), empty);
    check("the database path is shown", ((await text("#db-path")) ?? "").endsWith("e2e.db"));
    await screenshot("empty");

    // 2. Import a CSV through the drop handler's code path.
    const csv = join(work, "q1-deals.csv");
    writeFileSync(
      csv,
      "Deal ID,Created Date,Close Date,Stage,Amount,Rep\n" +
        "D1,2024-01-05,2024-01-25,Closed Won,1000,Ann\n" +
        "D2,2024-01-10,2024-02-09,Closed Won,3000,Bob\n" +
        "D3,2024-01-12,2024-02-01,Closed Lost,500,Ann\n" +
        "D4,2024-02-03,,Negotiation,2000,Cy\n" +
        "D5,2024-03-01,,Proposal,750,Bob\n",
    );
    const dropped = await invoke("e2e_drop_paths", { paths: [csv] });
    check(
      "the drop imports 5 deals",
      dropped.ok?.reports?.[0]?.sheets?.[0]?.rows_imported === 5,
      JSON.stringify(dropped).slice(0, 300),
    );
    const rows = await waitFor("the dataset row", async () => {
      const r = await datasetRows();
      return r.length === 1 ? r : null;
    });
    check("the dataset appears in the window", JSON.stringify(rows) === JSON.stringify([["q1-deals.csv", "Deals", "5"]]), JSON.stringify(rows));
    const report = (await text("#report")) ?? "";
    check("the import report is shown", report.includes("5 rows of deals imported (header on row 1)"), report.slice(0, 200));
    await screenshot("imported");

    // 3. A bad file: the error names the file and says what to do.
    const bad = join(work, "broken.xlsx");
    writeFileSync(bad, "PK\u0003\u0004 this is not really a workbook");
    await invoke("e2e_drop_paths", { paths: [bad] });
    const alert = await waitFor("the error", () => text("#report .error"));
    check("a damaged file gets a clear error", alert.includes("broken.xlsx") && alert.includes("save it again"), alert);
    await screenshot("error");

    // 4. Remove the dataset, with confirmation.
    await click('#datasets button[title^="Remove"]');
    await waitFor("the confirmation", () => text("#confirm-dialog"));
    await screenshot("confirm-remove");
    await click("#confirm-ok");
    await waitFor("the table to empty", async () => ((await datasetRows()).length === 0 ? true : null));
    check("the dataset is removed", (await datasetRows()).length === 0);

    // 5. The sample data from the button.
    await click("#load-sample");
    const sample = await waitFor(
      "the sample datasets",
      async () => {
        const r = await datasetRows();
        return r.length === 6 ? r : null;
      },
      60000,
    );
    const kinds = sample.map((r) => r[1]).sort().join(",");
    check("the sample loads six sheets", kinds === "Activities,Deals,Leads,Lookup,Spend,Targets", kinds);
    await screenshot("sample");
  } finally {
    await wd("DELETE", s("")).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

main()
  .catch((e) => {
    failed++;
    log(`FAIL e2e run: ${e.message}`);
  })
  .finally(() => {
    log(`e2e: ${passed} passed, ${failed} failed`);
    cleanup();
    process.exit(failed === 0 ? 0 : 1);
  });

