// What every end-to-end file sets up the same way: the real server binary on a fresh SQLite
// database in a temporary folder, on a free port, and headless Chromium. Not a test file itself
// (`node --test tests/e2e/` runs only `*.test.mjs`).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const root = new URL("../../", import.meta.url).pathname;
export const serverBin = process.env.AII_SERVER_BIN || join(root, "target/release/aii-server");
export const staticDir = process.env.AII_STATIC_DIR || join(root, "dist");
export const example = (name) => JSON.parse(readFileSync(join(root, `shared/spec/examples/${name}.valid.json`), "utf8"));
/** The server's clock and open selection in every test: `--today 2027-03-01`, cycle 2027. */
export const TODAY = "2027-03-01";
export const SELECTION = ["--today", TODAY, "--cycle", "2027", "--window-opens", "2027-01-01", "--window-closes", "2027-12-31"];
/**
 * Registers server/examples/base.json through the CLI, certified on `certifiedOn` when given
 * (the file then goes to `dir` with the date); returns the base's id.
 */
export function registerExampleBase(args, { certifiedOn, dir } = {}) {
  let file = join(root, "server/examples/base.json");
  if (certifiedOn) {
    const base = { ...JSON.parse(readFileSync(file, "utf8")), certified_on: certifiedOn };
    file = join(dir, "base.json");
    writeFileSync(file, JSON.stringify(base));
  }
  return execFileSync(serverBin, [...args, "register-base", "--file", file], { encoding: "utf8" }).trim().split(/\s+/).pop();
}
/** Creates a secretariat account through the CLI; returns what the command printed. */
export const addUser = (args, username, password) =>
  execFileSync(serverBin, [...args, "user", "add", "--username", username, "--password-stdin"], { input: `${password}\n`, encoding: "utf8" });

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** A fresh temporary folder and the server options of a database (and its e-mail outbox) in it. */
export function freshDatabase(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, db: ["--database-url", `sqlite://${dir}/aii.db`, "--outbox-dir", join(dir, "outbox")] };
}

/**
 * Starts the server with `args` on a free port (`host` names it in the URL) and waits until it
 * answers its health check. Returns `{ proc, url }`.
 */
export async function startServer(args, { host = "127.0.0.1" } = {}) {
  const port = await freePort();
  const url = `http://${host}:${port}`;
  const proc = spawn(serverBin, [...args, "--listen", `127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/api/v1/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url };
}

/**
 * What the pages of every context the browser opens reported as blocked by the server's
 * Content-Security-Policy (issue 22: no inline script or style; the app must run as it is).
 */
export const cspViolations = [];

/** Headless Chromium as root needs it; its contexts record CSP violations in `cspViolations`. */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(m.text()); });
    return context;
  };
  return browser;
}

/** The policy every HTML page is sent with (server/src/edge.rs). */
export const HTML_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/**
 * A person's empty browser profile on the server's day (the page's clock at 10:00 Beijing
 * time of `today`), at `url`; an error in the page fails the test.
 */
export async function openEmpty(browser, url, today = TODAY) {
  const context = await browser.newContext();
  await context.clock.setFixedTime(new Date(`${today}T10:00:00+08:00`));
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(url);
  return page;
}

/** Closes the browser, stops the server and removes its folder (each may be missing). */
export async function stopAll({ browser, proc, dir }) {
  await browser?.close();
  proc?.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A screenshot of the page as the walk sees it, into AII_E2E_SHOTS (docs/ keeps them). */
/** The id of the focused element once it is `id`, or whatever has focus after `timeout` ms:
 * the app moves focus in the animation frame after it renders, not in the click itself. */
export async function focusedId(page, id, timeout = 2000) {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout }).catch(() => {});
  return page.evaluate(() => document.activeElement?.id ?? "");
}

export async function shot(page, name, { width } = {}) {
  const shots = process.env.AII_E2E_SHOTS;
  if (!shots) return;
  if (width) await page.setViewportSize({ width, height: 900 });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Every page is sent with the strict Content-Security-Policy and `nosniff`, and no page the
 * test file opened broke the policy (the last test of each file that opens pages). */
export async function assertStrictCsp(base) {
  for (const path of ["/", "/apply/application", "/admin", "/registry", "/status/x"]) {
    const res = await fetch(base + path);
    assert.equal(res.headers.get("content-security-policy"), HTML_CSP, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
  }
  assert.deepEqual(cspViolations, []);
}

/** A desk session through the API, for a suite's prerequisites only (never the journey under
 * test): its cookie and CSRF token. */
export async function apiLogin(base, username, password) {
  const res = await fetch(`${base}/api/v1/admin/login`, {
    method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { base, cookie: res.headers.get("set-cookie").split(";")[0], csrf: (await res.json()).csrf_token };
}

/** POSTs JSON with a session from `apiLogin`, expecting `status`; answers the parsed body. */
export async function apiPost(s, path, body, status = 200) {
  const res = await fetch(`${s.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: s.base, cookie: s.cookie, "x-csrf-token": s.csrf },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
