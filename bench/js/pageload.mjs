// Issue 7, page: time from navigation to an interactive form, cold cache, in headless Chromium,
// against the real server serving the built app (dist/). Each load is a fresh browser context
// (empty HTTP cache, no stored draft). Timestamps are taken inside the page (performance.now(),
// whose origin is the navigation's start) by a script installed before the page's own:
// - interactive: the first field of the form is in the DOM and enabled (MutationObserver);
// - checked: at that moment the script types "12" into the capacity field and leaves it (input
//   and blur events); the time the field's own message (art7.3.capacity) is shown.
// Prints JSON. Usage: node bench/js/pageload.mjs <aii-server binary> <dist dir> [loads]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import { quantile } from "./runner.js";

const [serverBin, dist, loads = "12"] = process.argv.slice(2);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function observe() {
  const r = (window.__aii = { interactive: null, checked: null, field: null });
  const FIELD = "form.form input:not([disabled]):not([type=hidden]), form.form textarea:not([disabled]), form.form select:not([disabled])";
  const CAPACITY = "#f-facilities-simultaneous_trainees";
  const look = () => {
    if (r.interactive === null) {
      const first = document.querySelector(FIELD);
      if (!first) return;
      r.interactive = performance.now();
      r.field = first.id || first.name || first.tagName;
      const cap = document.querySelector(CAPACITY);
      if (cap) {
        cap.value = "12";
        cap.dispatchEvent(new Event("input", { bubbles: true }));
        cap.dispatchEvent(new FocusEvent("blur"));
      }
    }
    if (r.checked === null && /20/.test(document.querySelector(`${CAPACITY}-msg`)?.textContent ?? "")) {
      r.checked = performance.now();
      mo.disconnect();
    }
  };
  const mo = new MutationObserver(look);
  mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

const dir = mkdtempSync(join(tmpdir(), "aii-page-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const proc = spawn(serverBin, ["--static-dir", dist, "--database-url", `sqlite://${dir}/a.db`, "--listen", `127.0.0.1:${port}`],
  { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
let browser;
try {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/api/v1/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  const runs = [];
  for (let i = 0; i < Number(loads) + 1; i++) {
    const context = await browser.newContext();
    await context.addInitScript(observe);
    const page = await context.newPage();
    await page.goto(`${base}/apply/application`);
    await page.waitForFunction(() => window.__aii.checked !== null, null, { timeout: 20000 });
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
      return { ...window.__aii, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,
               wasmBytes: wasm?.encodedBodySize, wasmEnd: wasm?.responseEnd };
    });
    await context.close();
    // The first load warms the browser process itself (not the page's cache): left out.
    if (i > 0) runs.push(r);
  }
  const dist = (k) => {
    const xs = runs.map((r) => r[k]).sort((a, b) => a - b);
    return { median: quantile(xs, 0.5), min: xs[0], max: xs[xs.length - 1] };
  };
  console.log(JSON.stringify({ browser: `Chromium ${browser.version()}`, loads: runs.length, field: runs[0].field, wasmBytes: runs[0].wasmBytes,
    interactive: dist("interactive"), checked: dist("checked"), domContentLoaded: dist("domContentLoaded"), wasmEnd: dist("wasmEnd"), runs }, null, 2));
} finally {
  await browser?.close();
  proc.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
