// @ts-check
// The window measures of scripts/bench, run under Xvfb with a real Secret Service (bench/run.py is
// given the JSON this prints). GroupDrop's release app and a bare Tauri 2 window (bench/bare-window,
// same Tauri version and profile) are opened in turn, A B A B, through tauri-driver + WebKitWebDriver:
// - start: from the app process's start (the kernel's /proc start time) to the page's
//   "groupdrop:ready" performance mark (GroupDrop: the Start screen can take a drop; bare: the
//   page is loaded), both in one clock;
// - memory: resident set (RSS) of the app process plus its WebKit processes, idle 3 s after
//   ready, and for GroupDrop with a 50,000-row file in the Preview;
// - scrolling: the 50,000-row preview scrolled by the page's own requestAnimationFrame for 3 s,
//   frames counted.
// usage: node bench/window.mjs GROUPDROP_APP BARE_APP FILE_50K ROUNDS
import { readFileSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";

const [app, bare, file, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);

/** tests/e2e/driver.mjs reads the app's path when it is loaded: one module instance per app. */
function driverFor(/** @type {string} */ exe) {
  process.env.GROUPDROP_APP = exe;
  return import(`../tests/e2e/driver.mjs?app=${encodeURIComponent(exe)}`);
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

/** Every process id whose parent is `pid`, recursively. @param {number} pid @returns {number[]} */
function descendants(pid) {
  /** @type {Map<number, number[]>} */
  const kids = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = /** @type {number} */ (todo.pop());
    for (const k of kids.get(p) ?? []) {
      out.push(k);
      todo.push(k);
    }
  }
  return out;
}

/** The app's process: the descendant of the driver running `exe`. @param {number} root @param {string} exe */
function findApp(root, exe) {
  for (const p of descendants(root)) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0")[0] === exe) return p;
    } catch {
      // gone
    }
  }
  throw new Error(`no ${exe} process under ${root}`);
}

/** RSS in KiB of `pid` and its descendants (the WebKit web and network processes). @param {number} pid */
function rssTree(pid) {
  let kib = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const m = readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
      kib += m ? Number(m[1]) : 0;
    } catch {
      // gone
    }
  }
  return kib;
}

/** Epoch milliseconds at which `pid` started, from /proc (10 ms resolution). @param {number} pid */
function startedAtMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const now = Date.now();
  return now - (uptime - startTicks / TICKS) * 1000;
}

/** Opens `exe`, waits for the ready mark; returns {startMs, idleKiB}, and runs `more` before closing. */
async function open(/** @type {string} */ exe, /** @type {string[]} */ args, /** @type {any} */ more) {
  const { launch } = await driverFor(exe);
  const { browser, stop } = await launch({
    args,
    env: { LANG: "en_US.UTF-8", GROUPDROP_DATA_DIR: process.env.GROUPDROP_DATA_DIR ?? "" },
  });
  try {
    const pid = findApp(process.pid, exe);
    const began = startedAtMs(pid);
    /** @type {number} */
    let readyAt = -1;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      readyAt = await browser.execute(() => {
        const m = performance.getEntriesByName("groupdrop:ready")[0];
        return m ? performance.timeOrigin + m.startTime : -1;
      });
      // An older build without the mark: its `data-ready` attribute, seen by this poll (25 ms).
      if (readyAt < 0 && (await browser.execute(() => document.querySelector('[data-ready="true"]') !== null)))
        readyAt = Date.now();
      if (readyAt > 0) break;
      await sleep(25);
    }
    if (readyAt < 0) throw new Error(`${exe}: no ready mark within 60 s`);
    const extra = more ? await more(browser, pid) : {};
    await sleep(3000);
    return { startMs: readyAt - began, kib: rssTree(pid), ...extra };
  } finally {
    await stop();
    await sleep(500);
  }
}

async function previewAndScroll(/** @type {WebdriverIO.Browser} */ browser) {
  const { waitFor } = await driverFor(app);
  await waitFor(browser, "count-usable", 120_000);
  await sleep(1000);
  const fps = await browser.executeAsync((/** @type {(v: any) => void} */ done) => {
    const body = /** @type {HTMLElement | null} */ (document.querySelector('[data-testid="contacts-table"] .body'));
    if (!body) return done({ fps: -1, rows: 0 });
    let frames = 0;
    const t0 = performance.now();
    const step = () => {
      frames++;
      body.scrollTop = (body.scrollTop + 120) % (body.scrollHeight - body.clientHeight);
      if (performance.now() - t0 < 3000) requestAnimationFrame(step);
      else done({ fps: (frames * 1000) / (performance.now() - t0), rows: Number(body.closest("[data-rows]")?.getAttribute("data-rows")) });
    };
    requestAnimationFrame(step);
  });
  return { fps: fps.fps, rows: fps.rows };
}

const ours = { start: /** @type {number[]} */ ([]), idle: /** @type {number[]} */ ([]) };
const base = { start: /** @type {number[]} */ ([]), idle: /** @type {number[]} */ ([]) };
const startRatios = [];
const idleRatios = [];
for (let r = 0; r < rounds; r++) {
  const pair = r % 2 === 0 ? [app, bare] : [bare, app];
  /** @type {Record<string, {startMs: number, kib: number}>} */
  const got = {};
  for (const exe of pair) got[exe] = await open(exe, [], null);
  ours.start.push(got[app].startMs);
  ours.idle.push(got[app].kib);
  base.start.push(got[bare].startMs);
  base.idle.push(got[bare].kib);
  startRatios.push(got[app].startMs / got[bare].startMs);
  idleRatios.push(got[app].kib / got[bare].kib);
}
const previews = [];
for (let r = 0; r < Math.max(1, Math.ceil(rounds / 2)); r++) previews.push(await open(app, [file], previewAndScroll));

const dataKiB = statSync(file).size / 1024;
const mib = (/** @type {number} */ k) => `${(k / 1024).toFixed(0)} MiB`;
const baseIdle = median(base.idle);
const withPreview = median(previews.map((p) => p.kib));
const allowed = 1.3 * baseIdle + 2 * dataKiB;
const fps = median(previews.map((p) => p.fps));
const startRatio = median(startRatios);
const idleRatio = median(idleRatios);
console.log(
  JSON.stringify({
    rows: [
      { measure: "window: start to interactive (Start screen ready)", ours: `${median(ours.start).toFixed(0)} ms`, base: `${median(base.start).toFixed(0)} ms (bare Tauri 2 window)`, ratio: `${startRatio.toFixed(2)}×`, goal: "≤ 1.3×", met: startRatio <= 1.3 },
      { measure: "window: memory idle (app + WebKit processes, RSS)", ours: mib(median(ours.idle)), base: `${mib(baseIdle)} (bare window)`, ratio: `${idleRatio.toFixed(2)}×`, goal: "≤ 1.3×", met: idleRatio <= 1.3 },
      { measure: `window: memory with a ${previews[0].rows.toLocaleString("en")}-row preview`, ours: mib(withPreview), base: `${mib(baseIdle)} bare + 2 × ${mib(dataKiB)} data = allowed ${mib(allowed)} at 1.3×`, ratio: `${(withPreview / (baseIdle + 2 * dataKiB)).toFixed(2)}× (bare + 2× data)`, goal: "≤ 1.3× bare + 2× data", met: withPreview <= allowed },
      { measure: "window: scrolling the preview (requestAnimationFrame, 3 s)", ours: `${fps.toFixed(0)} fps`, base: "—", ratio: "—", goal: "≥ 50 fps", met: fps >= 50 },
    ],
    notes: [`window: ${rounds} interleaved rounds (start, idle memory), ${previews.length} preview runs; start ratios ${startRatios.map((x) => x.toFixed(2)).join(" ")}; idle ratios ${idleRatios.map((x) => x.toFixed(2)).join(" ")}; fps ${previews.map((p) => p.fps.toFixed(0)).join(" ")}`],
  }),
);
