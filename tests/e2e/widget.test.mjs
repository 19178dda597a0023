// The embeddable widget on a third-party page: the page comes from one origin with a strict
// Content-Security-Policy (no inline script, no eval), the widget's module and WASM from
// another origin with CORS. Needs dist/rules/ (scripts/build-rules-wasm.sh). Run by
// scripts/test.sh: node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("../../", import.meta.url).pathname;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html; charset=utf-8" };
let site, bundle, siteUrl, bundleUrl, browser;

function listen(handler) {
  return new Promise((resolve) => {
    const s = createServer(handler);
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

before(async () => {
  bundle = await listen((req, res) => {
    const name = req.url.split("?")[0].slice(1);
    const file = name === "aii-validator.js" ? join(root, "widget", name) : join(root, "dist/rules", name);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": types[extname(file)], "Access-Control-Allow-Origin": siteUrl });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  bundleUrl = `http://localhost:${bundle.address().port}`;
  site = await listen((req, res) => {
    const csp = `default-src 'none'; script-src 'self' ${bundleUrl} 'wasm-unsafe-eval'; connect-src ${bundleUrl}; style-src 'self'; form-action 'self'`;
    if (req.url.startsWith("/demo.css")) {
      res.writeHead(200, { "Content-Type": types[".css"], "Content-Security-Policy": csp });
      return res.end(readFileSync(join(root, "widget/demo/demo.css")));
    }
    const html = readFileSync(join(root, "widget/demo/index.html"), "utf8").replaceAll("__BUNDLE__", bundleUrl);
    res.writeHead(200, { "Content-Type": types[".html"], "Content-Security-Policy": csp });
    res.end(html);
  });
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  site?.close();
  bundle?.close();
});

test("the widget checks a third-party form under a strict CSP, from another origin", async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text()); });
  page.on("pageerror", (e) => violations.push(e.message));
  await page.goto(`${siteUrl}/demo`);
  await page.waitForFunction(() => document.querySelector("aii-form-check")?.v);

  // A 61-year-old on the term's first day: art14.age, an error until justified.
  await page.fill("#birth", "1966-09-01");
  await page.locator("#birth").blur();
  const age = page.locator('.aii-message[data-rule="art14.age"]');
  await age.waitFor();
  assert.match(await age.getAttribute("class"), /aii-error/);
  assert.match(await age.textContent(), /第十四条 任期首日年龄为61周岁/);
  assert.equal(await page.getAttribute("#birth", "aria-invalid"), "true");
  assert.match(await page.getAttribute("#birth", "aria-describedby"), /aii/);
  await page.fill("#age-note", "国家级教学名师，返聘");
  await page.locator("#age-note").blur();
  assert.match(await age.getAttribute("class"), /aii-warning/);

  // An ID number with a wrong check character.
  await page.fill("#idno", "110105196609010012");
  await page.locator("#idno").blur();
  await page.locator('.aii-message[data-rule="id.resident"]').waitFor();

  // Submit is blocked while errors stand; the summary takes focus.
  await page.click("button[type=submit]");
  assert.ok(!page.url().includes("submitted"));
  await page.locator(".aii-summary").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.className), "aii-summary");

  // Fixed: the form goes.
  await page.fill("#idno", "");
  await page.click("button[type=submit]");
  await page.waitForURL(/submitted/);
  assert.deepEqual(violations, []);
  await page.close();
});
