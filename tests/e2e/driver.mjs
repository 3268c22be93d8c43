// What the end-to-end scripts share: Xvfb, tauri-driver and a WebDriver
// session on the real Salescope window (W3C WebDriver over plain fetch).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const children = new Set();

export const log = (msg) => process.stdout.write(`${msg}\n`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function start(cmd, args, opts) {
  const child = spawn(cmd, args, opts);
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

export async function stop(child) {
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
export async function stopAll() {
  for (const c of [...children].reverse()) await stop(c);
}

process.on("exit", killAll);
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export async function startDisplay() {
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

export async function waitFor(what, probe, timeoutMs = 20000) {
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

/** Whether a process of the program at `path` is running. */
function running(path) {
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0")[0] === path) return true;
    } catch {
      /* gone meanwhile */
    }
  }
  return false;
}

/** Whether a Salescope holds its single-instance name on this session bus. */
function singleInstanceTaken() {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  try {
    const out = execFileSync(
      "dbus-send",
      ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:app.salescope.desktop.SingleInstance"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return /boolean true/.test(out);
  } catch {
    return false;
  }
}

/** Starts tauri-driver with `env` (the app inherits it) and opens a session on `app` started with `args`; screenshots go to `artifacts`. */
export async function openSession(app, env, artifacts, args = []) {
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
    capabilities: { alwaysMatch: { "tauri:options": { application: app, args } } },
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
          // In the middle of the window, clear of the status line that floats at its foot
          // (WebKit's driver scrolls an element only to the edge, under the status).
          await run("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });", [el]);
          await wd("POST", s(`/element/${Object.values(el)[0]}/click`), {});
          return;
        } catch (e) {
          if (attempt >= 5 || !/stale element|no such element/.test(e.message)) throw e;
          await sleep(200);
        }
      }
    },
    /** Moves the mouse to the window's top left corner, off anything it could hover. */
    park: () =>
      wd("POST", s("/actions"), {
        actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, origin: "viewport", x: 1, y: 1 }] }],
      }),
    /** Moves the mouse to the middle of the element (WebDriver actions), as a user points at it. */
    hover: async (css) => {
      const el = await wd("POST", s("/element"), { using: "css selector", value: css });
      await wd("POST", s("/actions"), {
        actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, origin: el, x: 0, y: 0 }] }],
      });
    },
    /** Types `text` into the element as a user does: WebDriver Element Clear, then Element Send Keys. */
    type: async (css, text) => {
      const el = Object.values(await wd("POST", s("/element"), { using: "css selector", value: css }))[0];
      await wd("POST", s(`/element/${el}/clear`), {});
      await wd("POST", s(`/element/${el}/value`), { text });
    },
    /** Presses `keys` together where the focus is (WebDriver actions): keys("\uE008", "\uE004") is Shift+Tab. */
    keys: (...keys) =>
      wd("POST", s("/actions"), {
        actions: [
          {
            type: "key",
            id: "keyboard",
            actions: [...keys.map((value) => ({ type: "keyDown", value })), ...[...keys].reverse().map((value) => ({ type: "keyUp", value }))],
          },
        ],
      }),
    datasetRows: () =>
      run("return [...document.querySelectorAll('#datasets tbody tr')].map(r => [...r.cells].slice(0, 3).map(c => c.innerText.trim()));"),
    screenshot: async (name, settleMs = 1500) => {
      // A screenshot taken the moment after the page changes can stall WebKit's
      // driver; let the page settle, and retry once.
      let png;
      for (let attempt = 0; attempt < 2 && png === undefined; attempt++) {
        await sleep(settleMs);
        // WebKit takes the picture at its next rendering update; a page that
        // has stopped changing (painted without compositing) may not have one
        // coming: a change nobody sees asks for it.
        await run("const b = document.body.style; b.opacity = b.opacity === '0.999' ? '' : '0.999';").catch(() => undefined);
        png = await wd("GET", s("/screenshot"), undefined, 15000).catch(() => undefined);
      }
      if (png === undefined) {
        // WebKit's driver did not answer: the X display's own picture of the window.
        try {
          execFileSync("import", ["-display", env.DISPLAY, "-window", "root", join(artifacts, `${name}.png`)], { stdio: "ignore" });
          log(`note: ${name} taken from the X display (the WebDriver screenshot did not come)`);
        } catch {
          log(`note: no screenshot for ${name}`);
        }
        return;
      }
      writeFileSync(join(artifacts, `${name}.png`), Buffer.from(png, "base64"));
    },
    close: async () => {
      await wd("DELETE", s(""), undefined, 15000).catch(() => {});
      await stop(driver);
      // The next launch must not find this one still holding the single-instance
      // name on the session bus, or it would hand its files over and exit.
      for (let i = 0; i < 75 && (running(app) || singleInstanceTaken()); i++) await sleep(200);
    },
  };
}

/** The app's environment for a run: a display, the database, and XDG folders of its own under `work`. */
export async function appEnv(work, db, extra = {}) {
  return {
    ...process.env,
    DISPLAY: await startDisplay(),
    SALESCOPE_DB: db,
    XDG_CACHE_HOME: join(work, "cache"),
    XDG_CONFIG_HOME: join(work, "config"),
    XDG_DATA_HOME: join(work, "data"),
    ...extra,
  };
}

/** Removes a scratch folder. WebKit's processes may still be writing their caches for a
 * moment after a session ends: retry, and never fail a run over it. */
export function removeScratch(work) {
  try {
    rmSync(work, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  } catch (e) {
    console.warn(`warning: could not remove ${work}: ${e.message}`);
  }
}

let passed = 0;
let failed = 0;

/** One check of a test script, printed as `ok` or `FAIL` with what was seen. */
export function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    log(`ok   ${name}`);
  } else {
    failed++;
    log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

/** Runs a test script's `main`: an error thrown is a failure; then every process is
 * stopped, the tally printed ("N passed, N failed"), and the exit code says whether all passed. */
export function runChecks(what, main) {
  main()
    .catch((e) => {
      failed++;
      log(`FAIL ${what}: ${e.message}`);
    })
    .finally(async () => {
      await stopAll();
      log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    });
}

