// The installable package, as a user gets it: the .deb that `tauri build
// --bundles deb` made is unpacked into a scratch root (dpkg -x, no root
// needed), its desktop entry validated, its icons and both commands checked,
// then the installed app is started under Xvfb with a spreadsheet as its
// argument and driven through tauri-driver: the file's import must happen.
// A second launch with another file while it runs must hand the file to the
// running window and exit (single instance, over the session bus).
//
// Run after `ui/node_modules/.bin/tauri build --bundles deb`, inside a D-Bus
// session: `dbus-run-session -- node tests/e2e/deb.mjs`. Prints the package's
// size, the installed size, the cold start to a painted scorecard and the
// resident memory of all the app's processes.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { appEnv, check, log, openSession, removeScratch, runChecks, waitFor } from "./driver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
const artifacts = join(here, "artifacts");
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Memory (kB) of a process and all its descendants: resident (RSS, which counts
 * the shared libraries once per process) and proportional (PSS, each shared
 * page divided among the processes mapping it: what they take together).
 */
function treeRss(pid) {
  const kids = new Map();
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  let pss = 0;
  const names = [];
  const walk = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const own = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      total += rss;
      pss += own;
      names.push(`${/Name:\s+(\S+)/.exec(status)?.[1]} RSS ${Math.round(rss / 1024)} MB, PSS ${Math.round(own / 1024)} MB`);
    } catch {
      /* gone */
    }
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(pid);
  return { total, pss, names };
}

function pidOf(path) {
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0")[0] === path) return Number(d);
    } catch {
      /* gone */
    }
  }
  return null;
}

async function main() {
  const debDir = join(targetDir, "release", "bundle", "deb");
  const debs = existsSync(debDir) ? readdirSync(debDir).filter((f) => f.endsWith(".deb")) : [];
  if (debs.length !== 1) throw new Error(`expected one .deb in ${debDir}, found ${debs.length}: run ui/node_modules/.bin/tauri build --bundles deb`);
  const deb = join(debDir, debs[0]);
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "salescope-deb-"));
  const rootfs = join(work, "root");
  try {
    // 1. The package: its fields, its files, unpacked as dpkg would install them.
    const info = execFileSync("dpkg-deb", ["--field", deb, "Package", "Version", "Depends", "Installed-Size", "Section"], { encoding: "utf8" });
    log(info.trim());
    check("the package is named salescope", /^Package: salescope$/m.test(info), info);
    check("it depends on WebKitGTK and GTK", /libwebkit2gtk-4\.1-0/.test(info) && /libgtk-3-0/.test(info), info);
    execFileSync("dpkg-deb", ["-x", deb, rootfs]);
    const bin = join(rootfs, "usr/bin/salescope");
    const cli = join(rootfs, "usr/bin/salescope-cli");
    check("the app is installed as /usr/bin/salescope", existsSync(bin));
    check("the command line is installed as /usr/bin/salescope-cli", existsSync(cli));
    const version = execFileSync(cli, ["--version"], { encoding: "utf8" }).trim();
    check("salescope-cli runs from the package", /^salescope-cli \d+\.\d+\.\d+/.test(version), version);
    const sizes = ["16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512"];
    const missingIcons = sizes.filter((s) => !existsSync(join(rootfs, `usr/share/icons/hicolor/${s}/apps/salescope.png`)));
    check("an icon at every hicolor size from 16 to 512", missingIcons.length === 0, `missing ${missingIcons.join(", ")}`);
    const desktop = join(rootfs, "usr/share/applications/Salescope.desktop");
    const entry = readFileSync(desktop, "utf8");
    let valid = "";
    try {
      valid = execFileSync("desktop-file-validate", [desktop], { encoding: "utf8" });
    } catch (e) {
      valid = `${e.stdout}${e.stderr}` || e.message;
    }
    check("desktop-file-validate accepts the desktop entry", valid.trim() === "", valid);
    check("the entry opens files (Exec with %F)", /^Exec=salescope %F$/m.test(entry), entry);
    check("the entry is in Office and Finance", /^Categories=Office;Finance;$/m.test(entry), entry);
    const mimes = /^MimeType=(.*)$/m.exec(entry)?.[1].split(";").filter(Boolean) ?? [];
    const wanted = [
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-excel",
      "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
      "application/vnd.oasis.opendocument.spreadsheet",
      "text/csv",
    ];
    check("it opens xlsx, xls, xlsb, ods and csv", wanted.every((m) => mimes.includes(m)), mimes.join(" "));
    const debBytes = statSync(deb).size;
    const installed = Number(execFileSync("du", ["-sk", rootfs], { encoding: "utf8" }).split("\t")[0]) * 1024;
    log(`note: .deb ${mb(debBytes)}, installed ${mb(installed)}`);
    check("the .deb is under 15 MB", debBytes < 15 * 1024 * 1024, mb(debBytes));

    // 2. Started with a spreadsheet: the window opens and imports it.
    const sampleDir = join(work, "files");
    execFileSync(cli, ["sample", "--out", sampleDir]);
    const sample = join(sampleDir, readdirSync(sampleDir).find((f) => f.endsWith(".xlsx")));
    const db = join(work, "salescope.db");
    const env = await appEnv(work, db);
    const asked = Date.now();
    const w = await openSession(bin, env, artifacts, [sample]);
    try {
      const wizard = await waitFor("the import wizard for the file", () => w.text("#wizard-title"), 60000).catch((e) => e.message);
      check("the file given at launch opens the import wizard", wizard === `Import ${sample.split("/").pop()}`, wizard);
      await w.click("#wizard-import");
      const datasets = await waitFor("the import", async () => {
        const r = await w.invoke("list_datasets", {});
        return r.ok?.length > 0 ? r.ok : null;
      }, 120000).catch((e) => e.message);
      check("the file was imported: its six sheets are datasets", Array.isArray(datasets) && datasets.length === 6, JSON.stringify(datasets));
      const painted = await waitFor("the scorecard", () => w.run("const t = window.salescope.timings.firstScorecard; return t === null ? null : performance.timeOrigin + t;"), 60000).catch(() => null);
      await w.screenshot("deb-1-imported");

      // 3. A second launch hands its file to this window and exits.
      const csv = join(sampleDir, "may-deals.csv");
      writeFileSync(csv, "Deal ID,Created Date,Close Date,Stage,Amount\nM1,2025-05-02,2025-05-20,Closed Won,1200\n");
      const second = spawn(bin, [csv], { env, stdio: "ignore" });
      const code = await new Promise((r) => {
        second.on("exit", (c) => r(c));
        setTimeout(() => r("still running"), 20000);
      });
      if (code === "still running") second.kill("SIGKILL");
      check("a second launch exits at once", code === 0, String(code));
      const handed = await waitFor("the second file in the window", async () => {
        const t = await w.text("#wizard-title");
        return t === "Import may-deals.csv" ? t : null;
      }, 30000).catch((e) => e.message);
      check("its file opens in the running window's wizard", handed === "Import may-deals.csv", handed);
      await w.screenshot("deb-2-second-launch");

      // 4. Figures: resident memory of every process of the app.
      const pid = pidOf(bin);
      if (pid !== null) {
        const { total, pss, names } = treeRss(pid);
        log(`note: memory after the import: RSS ${Math.round(total / 1024)} MB, PSS ${Math.round(pss / 1024)} MB (${names.join("; ")})`);
      }
      if (painted !== null) log(`note: cold start to painted scorecard, import included: ${Math.round(painted - asked)} ms after the session was asked for`);
    } finally {
      await w.close();
    }

    // 5. Cold start on the database just filled: launch to painted scorecard.
    const again = Date.now();
    const w2 = await openSession(bin, env, artifacts);
    try {
      const painted = await waitFor("the scorecard", () => w2.run("const t = window.salescope.timings.firstScorecard; return t === null ? null : performance.timeOrigin + t;"), 60000);
      const ms = Math.round(painted - again);
      log(`note: cold start to a painted scorecard (installed app, sample data): ${ms} ms (target under 1.5 s)`);
      check("the installed app paints its scorecard within 1.5 s of being launched", ms < 1500, `${ms} ms`);
      const pid = pidOf(bin);
      if (pid !== null) {
        const { total, pss, names } = treeRss(pid);
        log(`note: memory after start: RSS ${Math.round(total / 1024)} MB, PSS ${Math.round(pss / 1024)} MB (${names.join("; ")}) (target under 250 MB)`);
      }
      await w2.screenshot("deb-3-restart");
    } finally {
      await w2.close();
    }
  } finally {
    removeScratch(work);
  }
}

runChecks("deb test", main);
