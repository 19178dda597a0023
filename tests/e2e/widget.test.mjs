// The embeddable widget on a third-party page: the page comes from one origin with a strict
// Content-Security-Policy (no inline script, no eval), the widget's module and WASM from the
// real rules server on another origin, under its versioned immutable URLs with CORS for that
// origin (--embed-origins). Needs dist/embed/ (scripts/build-rules-wasm.sh) and the server
// binary. Run by scripts/test.sh:
//   AII_SERVER_BIN=target/debug/aii-server node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freshDatabase, launchBrowser, root, startServer, stopAll } from "./harness.mjs";

let site, siteUrl, bundleUrl, version, proc, dir, browser;

before(async () => {
  // The third-party site: its own page and CSS, a strict CSP naming the rules server.
  site = await new Promise((resolve) => {
    const s = createServer((req, res) => {
      const csp = `default-src 'none'; script-src 'self' ${bundleUrl} 'wasm-unsafe-eval'; connect-src ${bundleUrl}; style-src 'self'; form-action 'self'`;
      if (req.url.startsWith("/demo.css")) {
        res.writeHead(200, { "Content-Type": "text/css", "Content-Security-Policy": csp });
        return res.end(readFileSync(join(root, "widget/demo/demo.css")));
      }
      const html = readFileSync(join(root, "widget/demo/index.html"), "utf8").replaceAll("__BUNDLE__", `${bundleUrl}/embed/${version}`);
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp });
      res.end(html);
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
  siteUrl = `http://127.0.0.1:${site.address().port}`;

  // The rules server, allowing that site to embed the widget.
  // Named `localhost`, so the page's origin (127.0.0.1) and the bundle's differ.
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-widget-"));
  ({ proc, url: bundleUrl } = await startServer([...db, "--static-dir", join(root, "dist"), "--embed-origins", siteUrl], { host: "localhost" }));
  const loader = await (await fetch(`${bundleUrl}/embed/aii-validator.js`)).text();
  version = loader.match(/\.\/(v[0-9a-f]{12})\//)[1];
  browser = await launchBrowser();
});

after(async () => {
  site?.close();
  await stopAll({ browser, proc, dir });
});

test("the rules server gives the bundle immutable URLs and CORS for the configured origin only", async () => {
  const wasm = `${bundleUrl}/embed/${version}/aii_rules_bg.wasm`;
  const allowed = await fetch(wasm, { headers: { origin: siteUrl } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers.get("content-type"), "application/wasm");
  assert.equal(allowed.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(allowed.headers.get("access-control-allow-origin"), siteUrl);
  const other = await fetch(wasm, { headers: { origin: "https://elsewhere.example" } });
  assert.equal(other.headers.get("access-control-allow-origin"), null);
  assert.equal((await fetch(`${bundleUrl}/embed/v000000000000/aii_rules_bg.wasm`)).status, 404);
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

  // The catalogue, fetched by the module from the rules server under the page's CSP: the
  // server's own GET /api/v1/catalog.
  const catalog = await page.evaluate(() => document.querySelector("aii-form-check").v.catalog());
  assert.deepEqual(catalog, await (await fetch(`${bundleUrl}/api/v1/catalog`)).json());
  assert.ok(catalog.rules.some((r) => r.id === "art14.age" && r.summary));

  // Fixed: the form goes.
  await page.fill("#idno", "");
  await page.click("button[type=submit]");
  await page.waitForURL(/submitted/);
  assert.deepEqual(violations, []);
  await page.close();
});

test("the server's own /embed/demo page works under its strict CSP", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  const res = await page.goto(`${bundleUrl}/embed/demo`);
  assert.match(res.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => document.querySelector("aii-form-check")?.v);
  await page.fill("#birth", "1966-09-01");
  await page.locator("#birth").blur();
  await page.locator('.aii-message[data-rule="art14.age"]').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
