// Issue 26: our app against the form a person would build instead (react-jsonschema-form,
// bench/peer-rjsf/), both served by the release server from one static folder, in one headless
// Chromium (playwright-core, /usr/bin/chromium), in one run. For the application and the
// evaluation, at each CPU rate (CDP `Emulation.setCPUThrottlingRate`):
// - cold load → first input enabled: a fresh context (empty cache, no draft), navigation start
//   to the first enabled field of the form (a MutationObserver installed before the page's own
//   scripts); bytes transferred (CDP Network, `encodedDataLength` of every response of the load,
//   headers included);
// - keystroke → message: from a document in local storage (the spec's example; our app reads it
//   as its draft, the peer as its `formData`), scripted edits. Each edit sets the field's value
//   and dispatches one `input` event; `performance.now()` is read just before the dispatch
//   (t0), when the expected DOM state holds (the field's message shown, or gone again when the
//   edit restores the value: `met`), at the next animation frame (`frame`) and in a task posted
//   from that frame, which runs once its style, layout and paint are done (`rendered`). Where
//   the peer's schema has no message for an edit (a USCC's check character, passed > assessed:
//   the Measures' rules), the peer's edit ends when RJSF reports the change committed (its
//   `onChange`), which is all the work it does for that keystroke. The two apps alternate round
//   by round.
//   The figure is `met + (rendered − frame)`: the keystroke's work up to the message in the DOM
//   plus the rendering of the frame that shows it. Headless Chromium draws at 60 Hz whatever its
//   flags (--disable-frame-rate-limit changes nothing there), so `frame − t0` also holds the
//   wait for the next vsync, 0–16.7 ms by the phase of the keystroke alone; it is reported too
//   (`frame`), never used for a ratio.
//
// With PROFILE_DIR set, it then traces both apps at the highest rate (CDP Tracing: the timeline,
// then the timeline with V8's sampling profiler) for one cold load and for ROUNDS rounds of the
// edits of each form, writes the traces there and summarises them: main-thread self time by
// phase and by trace event, and the JS and WASM functions with the most self time (WASM names
// need a build that keeps them: PROFILE_STATIC).
//
// A benchmark, not a test: it asserts nothing about speed, but fails (exit 1) when a page does
// not load, a field is missing or a message never comes. Loopback only; every wait is bounded;
// the server is stopped at the end.
//
// Prints JSON (stdout) and a summary (stderr).
// Usage: node bench/js/forms.mjs <aii-server binary> <static dir (dist/ plus peer-rjsf/)>
// Environment: LOADS (cold loads per app, form and rate; 10), ROUNDS (edit rounds; 12),
// RATES ("1 4"), PROFILE_DIR, PROFILE_STATIC (a static dir whose WASM keeps its function
// names, for the sampled pass; default the measured one), PROFILE_LOADS (traced loads whose
// phases are averaged; 3), TRACE_CATEGORIES (more, comma-separated: e.g. "*" to find what a
// task without a timeline event does), FORMS ("application evaluation"), CHROMIUM.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { formsMarkdown } from "./forms-summary.js";
import { summariseTrace } from "./trace-summary.js";
import { quantile } from "./runner.js";

const root = new URL("../../", import.meta.url).pathname;
const [serverBin, staticDir] = process.argv.slice(2);
if (!serverBin || !staticDir) {
  console.error("usage: node bench/js/forms.mjs <aii-server binary> <static dir>");
  process.exit(2);
}
const LOADS = Number(process.env.LOADS || 10);
const ROUNDS = Number(process.env.ROUNDS || 12);
const RATES = (process.env.RATES || "1 4").split(/\s+/).filter(Boolean).map(Number);
const PROFILE_DIR = process.env.PROFILE_DIR || "";
const PROFILE_STATIC = process.env.PROFILE_STATIC || staticDir;
const TIMEOUT = 30_000; // a page load, at CPU ×4 on a loaded machine
const EDIT_TIMEOUT = 5_000; // one keystroke's message
const KINDS = (process.env.FORMS || "application evaluation").split(/\s+/).filter(Boolean);
const log = (...a) => console.error(...a);

// ---- The two apps: where a form is, how a field and its message are found, how a draft is seeded.
const fieldId = (ptr) => "f" + ptr.replace(/[^A-Za-z0-9_]/g, "-");
const rjsfId = (ptr) => "root" + ptr.replaceAll("/", "_");
const inputs = (scope) => ["input:not([disabled]):not([type=hidden])", "textarea:not([disabled])", "select:not([disabled])"].map((s) => `${scope} ${s}`).join(", ");
const APPS = {
  ours: {
    label: "our app",
    url: (kind) => `/apply/${kind}`,
    first: inputs("form.form"),
    field: (ptr) => `#${fieldId(ptr)}`,
    message: (ptr) => `#${fieldId(ptr)}-msg .msg.error`,
    storage: (kind, doc) => [`aii.draft.${kind}`, JSON.stringify({ doc, idempotency_key: "bench-forms" })],
    // Our app shows every message the rules have.
    shows: () => true,
  },
  rjsf: {
    label: "RJSF",
    url: (kind) => `/peer-rjsf/${kind}.html`,
    first: inputs("#root form"),
    field: (ptr) => `#${rjsfId(ptr)}`,
    message: (ptr) => `#${rjsfId(ptr)}__error li`,
    storage: (kind, doc) => [`peer-rjsf.${kind}`, JSON.stringify(doc)],
    // Only what the JSON Schema says.
    shows: (edit) => edit.schemaSees,
  },
};

// ---- The scripted edits, from the spec's examples.
const example = (kind) => JSON.parse(readFileSync(join(root, `shared/spec/examples/${kind}.valid.json`), "utf8"));
const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** The USCC with its check character replaced by the next one of the alphabet: a wrong check. */
const wrongCheck = (uscc) => uscc.slice(0, 17) + USCC_ALPHABET[(USCC_ALPHABET.indexOf(uscc[17]) + 1) % USCC_ALPHABET.length];
const EDITS = {
  application: (doc) => [
    { name: "capacity below 20", ptr: "/facilities/simultaneous_trainees", bad: "12", good: String(doc.facilities.simultaneous_trainees), schemaSees: true },
    { name: "USCC check character", ptr: "/unit/uscc", bad: wrongCheck(doc.unit.uscc), good: doc.unit.uscc, schemaSees: false },
  ],
  evaluation: (doc) => [
    { name: "a year's passed > assessed", ptr: "/years/1/trainees_passed", bad: String(doc.years[1].trainees_assessed + 10), good: String(doc.years[1].trainees_passed), schemaSees: false },
    { name: "a year's figure below 0", ptr: "/years/1/trainees_passed", bad: "-1", good: String(doc.years[1].trainees_passed), schemaSees: true },
  ],
};

// ---- Installed in every page before its own scripts.
function install({ first, countWrites }) {
  const B = (window.__bench = { interactive: null, field: null, writes: 0 });
  if (countWrites) {
    // The profile's count of `value` writes from JS (each one Chromium answers with form
    // bookkeeping and a repaint); the harness's own write of an edit is left out.
    for (const P of [HTMLInputElement.prototype, HTMLTextAreaElement.prototype, HTMLSelectElement.prototype]) {
      const d = Object.getOwnPropertyDescriptor(P, "value");
      Object.defineProperty(P, "value", { ...d, set(v) { B.writes++; d.set.call(this, v); } });
    }
  }
  const look = () => {
    if (B.interactive !== null) return;
    const el = document.querySelector(first);
    if (!el) return;
    B.interactive = performance.now();
    B.field = el.id || el.name || el.tagName;
    loadObserver.disconnect();
  };
  const loadObserver = new MutationObserver(look);
  loadObserver.observe(document, { childList: true, subtree: true, attributes: true });
  /**
   * Sets `selector`'s value as typing would (the prototype's setter, which React's value
   * tracking sees) and dispatches one `input`; resolves when `until` holds ({selector, present}:
   * that element is in the DOM or not; {changes: true}: the peer reported a committed change)
   * at the next animation frame, with ms from the dispatch to: the state in the DOM (`met`),
   * that frame (`frame`), and a task posted from it, after its style, layout and paint
   * (`rendered`); and `work`, the figure: `met` plus that frame's rendering.
   */
  B.edit = (selector, value, until, timeoutMs) =>
    new Promise((resolve, reject) => {
      const el = document.querySelector(selector);
      if (!el) return reject(new Error(`no field ${selector} in ${location.pathname}`));
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
      const changes0 = window.__peerChanges ?? 0;
      const holds = () => (until.changes ? (window.__peerChanges ?? 0) > changes0 : (document.querySelector(until.selector) !== null) === until.present);
      let done = false;
      let t0 = 0;
      const check = () => {
        if (done || !holds()) return;
        done = true;
        const met = performance.now();
        observer.disconnect();
        window.__benchPoke = null;
        clearTimeout(timer);
        requestAnimationFrame(() => {
          const frame = performance.now();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            const rendered = performance.now();
            performance.mark("bench-edit-end");
            resolve({ met: met - t0, frame: frame - t0, rendered: rendered - t0, work: met - t0 + (rendered - frame), writes: B.writes - writes0 - 1 });
          };
          ch.port2.postMessage(0);
        });
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      window.__benchPoke = check;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        observer.disconnect();
        window.__benchPoke = null;
        reject(new Error(`${location.pathname}: ${selector} = ${JSON.stringify(value)}: ${JSON.stringify(until)} not within ${timeoutMs} ms`));
      }, timeoutMs);
      const writes0 = B.writes;
      performance.mark("bench-edit-start");
      t0 = performance.now();
      setter.call(el, value);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      check();
    });
  /** Types without timing (the warm-up). */
  B.type = (selector, value) => {
    const el = document.querySelector(selector);
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  };
  /** Leaves a field (our app shows a number's message once the field was left, as people do). */
  B.leave = (selector) => {
    const el = document.querySelector(selector);
    el.dispatchEvent(new FocusEvent("blur"));
    el.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
  };
}

// ---- Server and browser.
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, what, timeoutMs = TIMEOUT, stepMs = 20) {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(stepMs);
  }
}

async function startServer(dir) {
  const db = mkdtempSync(join(tmpdir(), "aii-forms-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(serverBin, ["--static-dir", dir, "--database-url", `sqlite://${db}/a.db`, "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, RUST_LOG: "warn" },
  });
  let exited = null;
  proc.on("exit", (code) => (exited = code));
  const stop = () => {
    proc.kill("SIGTERM");
    rmSync(db, { recursive: true, force: true });
  };
  try {
    await until(async () => {
      if (exited !== null) throw new Error(`the server exited (${exited})`);
      try {
        return (await fetch(`${base}/api/v1/healthz`)).ok;
      } catch {
        return false;
      }
    }, "the server's health check", 20_000, 100);
    // Both apps' pages must be there (a missing file would get the app's index.html instead).
    for (const kind of KINDS) {
      const r = await fetch(`${base}${APPS.rjsf.url(kind)}`);
      const text = await r.text();
      if (!r.ok || !text.includes(`/peer-rjsf/${kind}.js`)) throw new Error(`${dir} serves no peer page for ${kind}: run bench/peer-rjsf/build.mjs`);
    }
  } catch (e) {
    stop();
    throw e;
  }
  return { base, stop };
}

/** A page of `app` in a fresh context, CPU throttled by `rate`, with `doc` seeded as its draft. */
async function openPage(browser, base, app, kind, rate, doc, countWrites = false) {
  const context = await browser.newContext();
  await context.addInitScript(install, { first: app.first, countWrites });
  if (doc) {
    const [key, value] = app.storage(kind, doc);
    await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, value]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  const net = { bytes: 0, pending: new Set(), failed: [], api: 0, last: Date.now() };
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (e) => {
    net.pending.add(e.requestId);
    net.last = Date.now();
    if (e.request.url.includes("/api/")) net.api++;
  });
  cdp.on("Network.loadingFinished", (e) => {
    net.bytes += e.encodedDataLength;
    net.pending.delete(e.requestId);
    net.last = Date.now();
  });
  cdp.on("Network.loadingFailed", (e) => {
    if (!e.canceled) net.failed.push(e.errorText);
    net.pending.delete(e.requestId);
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const load = async (traced) => {
    const response = await page.goto(base + app.url(kind), { timeout: TIMEOUT });
    if (!response || response.status() !== 200) throw new Error(`${app.url(kind)}: ${response?.status()}`);
    await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: TIMEOUT }).catch((e) => {
      throw new Error(`${app.label} ${kind}: no input enabled within ${TIMEOUT} ms (${errors.join("; ") || e.message})`);
    });
    // Every request of the load answered, then 300 ms without a new one (bounded).
    await until(() => net.pending.size === 0 && Date.now() - net.last > 300, `${app.url(kind)}: the load's requests`);
    if (net.failed.length) throw new Error(`${app.url(kind)}: failed requests: ${net.failed.join(", ")}`);
    if (errors.length) throw new Error(`${app.url(kind)}: page errors: ${errors.join("; ")}`);
    const r = await page.evaluate(() => ({ interactive: window.__bench.interactive, field: window.__bench.field }));
    return { ...r, bytes: net.bytes, traced };
  };
  return { context, page, cdp, net, errors, load, close: () => context.close() };
}

// ---- Cold loads.
async function coldLoad(browser, base, app, kind, rate) {
  const p = await openPage(browser, base, app, kind, rate, null);
  try {
    return await p.load(false);
  } finally {
    await p.close();
  }
}

// ---- Keystrokes.
/** Our app asks the server (debounced 400 ms) after a field a context rule reads: waited out. */
async function settle(p, asksServer) {
  if (asksServer) {
    const n = p.net.api;
    await until(() => p.net.api > n || false, "the server's validate after a context field", 3_000).catch(() => {});
    await until(() => p.net.pending.size === 0, "the server's answer", 5_000);
  }
  await sleep(30);
}

async function editOnce(p, app, edit, value, present) {
  const until = app.shows(edit) ? { selector: app.message(edit.ptr), present } : { changes: true };
  return p.page.evaluate(([s, v, u, t]) => window.__bench.edit(s, v, u, t), [app.field(edit.ptr), value, until, EDIT_TIMEOUT]);
}

/** Seeded page, ready to edit: each edit done once untimed, its field left (our app then shows
 *  its messages as typed), and whether it makes our app ask the server noted. */
async function keystrokePage(browser, base, appKey, kind, rate, doc, edits, countWrites = false) {
  const app = APPS[appKey];
  const p = await openPage(browser, base, app, kind, rate, doc, countWrites);
  await p.load(false);
  for (const edit of edits) {
    const sel = app.field(edit.ptr);
    const value = await p.page.$eval(sel, (el) => el.value).catch(() => {
      throw new Error(`${app.label} ${kind}: no field ${sel}`);
    });
    if (value !== edit.good) throw new Error(`${app.label} ${kind}: ${sel} holds ${JSON.stringify(value)}, not the seeded ${JSON.stringify(edit.good)}`);
    if (app.shows(edit) && (await p.page.$(app.message(edit.ptr)))) throw new Error(`${app.label} ${kind}: a message at ${edit.ptr} before any edit`);
    const api = p.net.api;
    const message = app.message(edit.ptr);
    for (const [value, present] of [[edit.bad, true], [edit.good, false]]) {
      await p.page.evaluate(([s, v]) => window.__bench.type(s, v), [sel, value]);
      await p.page.evaluate((s) => window.__bench.leave(s), sel);
      if (app.shows(edit)) {
        await p.page.waitForSelector(message, { state: present ? "attached" : "detached", timeout: EDIT_TIMEOUT }).catch(() => {
          throw new Error(`${app.label} ${kind}: ${sel} = ${JSON.stringify(value)}: ${message} ${present ? "never shown" : "never gone"}`);
        });
      }
    }
    await sleep(700);
    await until(() => p.net.pending.size === 0, "requests after an edit", 5_000);
    if (appKey === "ours") edit.asksServer = p.net.api > api;
    if (p.errors.length) throw new Error(`${app.label} ${kind}: page errors: ${p.errors.join("; ")}`);
  }
  // A fixed loop, timed: its ratio between rates shows the throttling holds in this page.
  p.spin = await p.page.evaluate(() => {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x = (x + i * 7) % 1000003;
    return performance.now() - t0 + x * 0;
  });
  return { app, p };
}

async function keystrokes(browser, base, kind, rate) {
  const doc = example(kind);
  const edits = EDITS[kind](doc);
  const pages = {};
  for (const key of Object.keys(APPS)) pages[key] = await keystrokePage(browser, base, key, kind, rate, doc, edits);
  const samples = { ours: [], rjsf: [] };
  const spin = Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, r1(v.p.spin)]));
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? ["ours", "rjsf"] : ["rjsf", "ours"];
      for (const key of order) {
        const { app, p } = pages[key];
        await p.page.bringToFront();
        for (const edit of edits) {
          const bad = await editOnce(p, app, edit, edit.bad, true);
          samples[key].push({ edit: edit.name, dir: "message", shown: app.shows(edit), ...bad });
          await settle(p, key === "ours" && edit.asksServer);
          const good = await editOnce(p, app, edit, edit.good, false);
          samples[key].push({ edit: edit.name, dir: "cleared", shown: app.shows(edit), ...good });
          await settle(p, key === "ours" && edit.asksServer);
        }
      }
    }
  } finally {
    for (const { p } of Object.values(pages)) await p.close();
  }
  return { edits: edits.map(({ name, ptr, bad, good, schemaSees, asksServer }) => ({ name, ptr, bad, good, schemaSees, asksServer })), samples, spin };
}

// ---- Statistics.
const dist = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), min: s[0], max: s[s.length - 1] };
};
const r1 = (x) => Math.round(x * 100) / 100;

// ---- Profile (item 4 of issue 26): where the time goes, ours and the peer's alike.
// Two passes of each: the timeline alone (phases and events, with the trace's own small
// overhead), then with V8's sampling profiler (functions; the sampler slows the page several
// times over at CPU ×4, so its milliseconds are shares, not timings).
const TIMELINE = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink.user_timing", "loading", "toplevel",
  ...(process.env.TRACE_CATEGORIES || "").split(",").filter(Boolean)];
const SAMPLER = [...TIMELINE, "disabled-by-default-v8.cpu_profiler"];

async function traced(browser, page, categories, file, run) {
  await browser.startTracing(page, { categories });
  let buf;
  try {
    await run();
  } finally {
    buf = await browser.stopTracing();
  }
  writeFileSync(join(PROFILE_DIR, file), buf);
  return JSON.parse(buf.toString());
}

async function profileLoad(browser, base, appKey, kind, rate, categories, file) {
  const p = await openPage(browser, base, APPS[appKey], kind, rate, null);
  try {
    let r;
    const trace = await traced(browser, p.page, categories, file, async () => (r = await p.load(true)));
    const nav = trace.traceEvents.find((e) => e.name === "navigationStart" && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.startsWith("http"));
    if (!nav) throw new Error(`${file}: no navigationStart`);
    return { interactive: r1(r.interactive), ...summariseTrace(trace, [[nav.ts, nav.ts + r.interactive * 1000]], nav) };
  } finally {
    await p.close();
  }
}

async function profileEdits(browser, base, appKey, kind, rate, categories, file, countWrites) {
  const doc = example(kind);
  const edits = EDITS[kind](doc);
  const { app, p } = await keystrokePage(browser, base, appKey, kind, rate, doc, edits, countWrites);
  try {
    const times = [];
    const writes = [];
    const trace = await traced(browser, p.page, categories, file, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        for (const edit of edits) {
          for (const [value, present] of [[edit.bad, true], [edit.good, false]]) {
            const r = await editOnce(p, app, edit, value, present);
            times.push(r.work);
            writes.push(r.writes);
            await settle(p, appKey === "ours" && edit.asksServer);
          }
        }
      }
    });
    const marks = (name) => trace.traceEvents.filter((e) => e.name === name).sort((a, b) => a.ts - b.ts);
    const starts = marks("bench-edit-start");
    const ends = marks("bench-edit-end");
    if (!starts.length || starts.length !== ends.length) throw new Error(`${file}: ${starts.length} starts, ${ends.length} ends`);
    const s = summariseTrace(trace, starts.map((a, i) => [a.ts, ends[i].ts]), starts[0]);
    return { edits: times.length, work: dist(times), valueWrites: countWrites ? dist(writes) : undefined, fields: await p.page.$$eval("input, textarea, select", (els) => els.length), ...s };
  } finally {
    await p.close();
  }
}

/** The mean over runs of lists of {name, ms}. */
function meanOf(lists) {
  const m = new Map();
  for (const list of lists) for (const { name, ms } of list) m.set(name, (m.get(name) || 0) + ms / lists.length);
  return [...m].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms: r1(ms) }));
}

async function profile(browser, rate) {
  mkdirSync(PROFILE_DIR, { recursive: true });
  // The timeline of the build measured above; the sampled functions of the build that keeps
  // the WASM's names (larger, served uncompressed: its timings are not the app's).
  const server = await startServer(staticDir);
  let named;
  const out = {};
  const runs = Number(process.env.PROFILE_LOADS || 3);
  try {
    named = await startServer(PROFILE_STATIC);
    for (const kind of KINDS) {
      for (const appKey of Object.keys(APPS)) {
        const loads = [];
        for (let i = 0; i < runs; i++) loads.push(await profileLoad(browser, server.base, appKey, kind, rate, TIMELINE, `${kind}-${appKey}-load-${i}.trace.json`));
        const loadFns = await profileLoad(browser, named.base, appKey, kind, rate, SAMPLER, `${kind}-${appKey}-load.sampled.trace.json`);
        const edits = await profileEdits(browser, server.base, appKey, kind, rate, TIMELINE, `${kind}-${appKey}-keystrokes.trace.json`);
        const editFns = await profileEdits(browser, named.base, appKey, kind, rate, SAMPLER, `${kind}-${appKey}-keystrokes.sampled.trace.json`, true);
        const perEdit = (xs, n) => xs.map((x) => ({ name: x.name, ms: r1(x.ms / n) }));
        out[`${kind} load, ${APPS[appKey].label}`] = {
          loads: runs,
          interactive: r1(loads.map((l) => l.interactive).sort((a, b) => a - b)[Math.floor(runs / 2)]),
          phases: meanOf(loads.map((l) => l.phases)),
          events: meanOf(loads.map((l) => l.events)).slice(0, 15),
          sampled: { interactive: loadFns.interactive, jsAndWasmMs: loadFns.jsAndWasmMs, functions: loadFns.functions },
        };
        out[`${kind} keystroke, ${APPS[appKey].label}`] = {
          edits: edits.edits,
          work: edits.work,
          fields: editFns.fields,
          valueWritesPerEdit: editFns.valueWrites,
          perEdit: { phases: perEdit(edits.phases, edits.edits), events: perEdit(edits.events, edits.edits) },
          sampled: { work: editFns.work, jsAndWasmMs: r1(editFns.jsAndWasmMs / editFns.edits), functions: perEdit(editFns.functions, editFns.edits) },
        };
      }
    }
  } finally {
    server.stop();
    named?.stop();
  }
  return out;
}

// ---- The run.
const server = await startServer(staticDir);
let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
      "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
  });
  const result = { browser: `Chromium ${browser.version()}`, loads: LOADS, rounds: ROUNDS, rates: RATES, load: {}, keystroke: {} };

  // Cold loads, interleaved: every round loads each app, form and rate once, apps in turn.
  log(`forms: ${LOADS} cold loads per app, form and rate`);
  const loads = {};
  for (let i = 0; i <= LOADS; i++) {
    for (const rate of RATES) {
      for (const kind of KINDS) {
        const order = (i + RATES.indexOf(rate)) % 2 ? ["ours", "rjsf"] : ["rjsf", "ours"];
        for (const key of order) {
          const r = await coldLoad(browser, server.base, APPS[key], kind, rate);
          // The first round warms the browser process (not the pages' caches): left out.
          if (i > 0) (loads[`${kind} ×${rate} ${key}`] ??= []).push(r);
        }
      }
    }
  }
  for (const [k, runs] of Object.entries(loads)) {
    result.load[k] = { interactive: dist(runs.map((r) => r.interactive)), bytes: dist(runs.map((r) => r.bytes)), field: runs[0].field };
  }

  log(`forms: ${ROUNDS} rounds of edits per form and rate`);
  for (const rate of RATES) {
    for (const kind of KINDS) {
      const { edits, samples, spin } = await keystrokes(browser, server.base, kind, rate);
      const entry = { edits, spinMs: spin };
      for (const [key, xs] of Object.entries(samples)) {
        const msg = xs.filter((x) => x.dir === "message");
        entry[key] = {
          work: dist(msg.map((x) => x.work)),
          met: dist(msg.map((x) => x.met)),
          frame: dist(msg.map((x) => x.frame)),
          rendered: dist(msg.map((x) => x.rendered)),
          cleared: dist(xs.filter((x) => x.dir === "cleared").map((x) => x.work)),
          byEdit: Object.fromEntries(edits.map((e) => [e.name, { work: dist(msg.filter((x) => x.edit === e.name).map((x) => x.work)), shown: APPS[key].shows(e) }])),
          samples: xs.map((x) => ({ edit: x.edit, dir: x.dir, met: r1(x.met), frame: r1(x.frame), rendered: r1(x.rendered), work: r1(x.work) })),
        };
      }
      result.keystroke[`${kind} ×${rate}`] = entry;
    }
  }

  if (PROFILE_DIR) {
    log(`forms: tracing both apps at CPU ×${Math.max(...RATES)} into ${PROFILE_DIR}`);
    result.profile = await profile(browser, Math.max(...RATES));
  }

  log(formsMarkdown(result));
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser?.close();
  server.stop();
}
