// The widget as a webmaster meets it (issue 21, section 4): the pages EMBEDDING.md gives, taken
// from it as written, served by a third-party site (a Node server on another loopback origin,
// under the CSP EMBEDDING.md asks for) and used as a person uses them, in a browser context
// with an empty profile. The three-field page shows messages for its three fields only and
// submits once they are right; when the widget cannot load (a wrong module URL, a rules server
// that does not allow the site's origin) the element says so on the page and fires `aii-error`;
// each of the five complete pages, filled with its form's example, submits under `whole-form`.
// Needs dist/embed/ (scripts/build-rules-wasm.sh) and the server binary:
//   AII_SERVER_BIN=target/debug/aii-server node --test tests/e2e/webmaster.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { example, freshDatabase, launchBrowser, root, startServer, stopAll, TODAY } from "./harness.mjs";

// EMBEDDING.md's whole pages (```html blocks from <!doctype html>): the copy-and-paste page, and
// the complete page of each form (those with `whole-form`), by kind.
const embedding = readFileSync(join(root, "EMBEDDING.md"), "utf8");
const pages = [...embedding.matchAll(/```html\n(<!doctype html>[\s\S]*?)```/g)].map((m) => m[1]);
const quick = pages.find((p) => !p.includes("whole-form"));
const complete = Object.fromEntries(pages.filter((p) => p.includes("whole-form")).map((p) => [p.match(/ kind="(\w+)"/)[1], p]));
// The CSP EMBEDDING.md asks for, made strict around it: nothing else may load.
const csp = embedding.match(/`(script-src 'self' https:\/\/RULES-SERVER[^`]*)`/)[1];

const KINDS = ["application", "director_appointment", "direction_change", "annual_assessment", "evaluation"];
const ZH_NOTICE = "表单检查未能加载，提交后由服务器检查。";

let site, siteUrl, rules, open, browser;
const servers = [];
// What the site serves: path → [page, rules server URL]; and the form posts it received.
const served = new Map();
const posts = [];

/** Serves a page of EMBEDDING.md at `path`, with `rulesUrl` put for https://RULES-SERVER. */
const serve = (path, html, rulesUrl = rules) => served.set(path, [html.replaceAll("https://RULES-SERVER", rulesUrl), rulesUrl]);

before(async () => {
  site = await new Promise((resolve) => {
    const s = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/your/handler") {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          posts.push([...new URLSearchParams(body)]);
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
          res.end("<!doctype html><title>已提交</title><p>已提交</p>");
        });
        return;
      }
      if (req.url === "/favicon.ico") return res.writeHead(204).end();
      const page = served.get(req.url);
      if (!page) return res.writeHead(404).end();
      const [html, rulesUrl] = page;
      const policy = `default-src 'none'; ${csp.replaceAll("https://RULES-SERVER", rulesUrl)}; form-action 'self'; base-uri 'none'`;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy });
      res.end(html);
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  // The rules server, named `localhost` so its origin differs from the site's (127.0.0.1): one
  // that lets the site embed the widget, and one started without --embed-origins.
  for (const origins of [["--embed-origins", siteUrl], []]) {
    const { dir, db } = freshDatabase("aii-e2e-webmaster-");
    const { proc, url } = await startServer([...db, "--static-dir", join(root, "dist"), ...origins], { host: "localhost" });
    servers.push({ proc, dir, url });
  }
  [rules, open] = [servers[0].url, servers[1].url];
  browser = await launchBrowser();
});

after(async () => {
  site?.close();
  await browser?.close();
  for (const s of servers) await stopAll(s);
});

/** A page in a fresh browser context (an empty profile: no cache, no storage), its clock on
 *  `day` in Beijing time; records what the console and the page report, and `aii-error`s. */
async function visit(path, day = TODAY) {
  const context = await browser.newContext();
  await context.clock.setFixedTime(new Date(`${day}T10:00:00+08:00`));
  await context.addInitScript(() => {
    window.aiiErrors = [];
    document.addEventListener("aii-error", (e) => window.aiiErrors.push(`${e.target.localName}: ${e.detail}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${siteUrl}${path}`);
  return { page, problems, close: () => context.close() };
}

/** The messages on the page: [name of the control it describes, rule, class]. */
const messages = (page) =>
  page.$$eval(".aii-message", (ps) =>
    ps.map((p) => [document.querySelector(`[aria-describedby~="${p.id}"]`)?.name ?? null, p.dataset.rule, p.className]),
  );

test("EMBEDDING.md has its copy-and-paste page and a complete page of each form", () => {
  assert.ok(quick?.includes("<aii-form-check"), "the copy-and-paste page");
  assert.deepEqual(Object.keys(complete).sort(), [...KINDS].sort());
});

test("the copy-and-paste page: messages for its three fields only, and it submits once they are right", async () => {
  serve("/three", quick);
  const { page, problems, close } = await visit("/three");
  await page.waitForFunction(() => document.querySelector("aii-form-check")?.v);
  // Typed as a person types: the name, then a birth date that makes the appointee 67 on the
  // term's first day, then that day; each field left with Tab.
  await page.click("#name");
  await page.keyboard.type("黄老师");
  await page.keyboard.press("Tab");
  await page.fill("#birth", "1960-01-01");
  await page.keyboard.press("Tab");
  await page.fill("#start", "2027-09-01");
  await page.keyboard.press("Tab");
  // The one issue of these three fields, under its field: none of the form's other fields.
  await page.locator('.aii-message[data-rule="art14.age"]').waitFor();
  assert.deepEqual(await messages(page), [["/appointee/birth_date", "art14.age", "aii-message aii-error"]]);
  assert.equal(await page.getAttribute("#birth", "aria-invalid"), "true");

  // Submit: blocked, and the summary lists that one error and takes focus.
  await page.click("button[type=submit]");
  await page.locator(".aii-summary li").first().waitFor();
  assert.deepEqual(await page.$$eval(".aii-summary li", (lis) => lis.map((li) => li.textContent)), [
    await page.textContent('.aii-message[data-rule="art14.age"]').then((t) => t.replace(/^第十四条 /, "")),
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.className), "aii-summary");
  assert.equal(posts.length, 0);
  assert.ok(page.url().endsWith("/three"));

  // The birth date corrected: no message stands, and the form goes, with its three fields.
  await page.fill("#birth", "1972-12-01");
  await page.keyboard.press("Tab");
  assert.deepEqual(await messages(page), []);
  await Promise.all([page.waitForURL(/\/your\/handler$/), page.click("button[type=submit]")]);
  assert.deepEqual(posts.pop(), [
    ["/appointee/name", "黄老师"],
    ["/appointee/birth_date", "1972-12-01"],
    ["/term_start", "2027-09-01"],
  ]);
  assert.deepEqual(problems, []);
  await close();
});

test("a wrong module URL: the element shows the notice and fires aii-error; the form still submits", async () => {
  // The script as EMBEDDING.md writes it, but the module it names mistyped.
  const wrong = quick.replace('defer></script>', 'data-module="https://RULES-SERVER/embed/aii-validater.js" defer></script>');
  assert.notEqual(wrong, quick);
  serve("/wrong-module", wrong);
  const { page, problems, close } = await visit("/wrong-module");
  const notice = page.locator("aii-form-check .aii-notice");
  await notice.waitFor();
  assert.equal(await notice.textContent(), ZH_NOTICE);
  assert.equal(await notice.getAttribute("role"), "alert");
  assert.ok(await notice.isVisible());
  const errors = await page.evaluate(() => window.aiiErrors);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^aii-form-check: /);
  assert.ok(problems.some((p) => /404|Failed to fetch|aii-validater/.test(p)), problems.join("\n"));
  // Unchecked by the page, the form submits as it would without the widget.
  await page.fill("#birth", "1960-01-01");
  await Promise.all([page.waitForURL(/\/your\/handler$/), page.click("button[type=submit]")]);
  assert.deepEqual(posts.pop(), [
    ["/appointee/name", ""],
    ["/appointee/birth_date", "1960-01-01"],
    ["/term_start", ""],
  ]);
  await close();
});

test("a rules server without --embed-origins: the notice (its own text), aii-error, and the form still submits", async () => {
  // The case: the module cannot load for CORS. The element's own text this time.
  const text = "本页暂不能在提交前检查表单。";
  serve("/no-cors", quick.replace('kind="director_appointment"', `kind="director_appointment" error-text="${text}"`), open);
  const { page, problems, close } = await visit("/no-cors");
  const notice = page.locator("aii-form-check .aii-notice");
  await notice.waitFor();
  assert.equal(await notice.textContent(), text);
  assert.equal((await page.evaluate(() => window.aiiErrors)).length, 1);
  assert.ok(problems.some((p) => /CORS|Access-Control-Allow-Origin/.test(p)), problems.join("\n"));
  await Promise.all([page.waitForURL(/\/your\/handler$/), page.click("button[type=submit]")]);
  assert.deepEqual(posts.pop(), [
    ["/appointee/name", ""],
    ["/appointee/birth_date", ""],
    ["/term_start", ""],
  ]);
  await close();
});

test("a WebAssembly that cannot load: the notice and aii-error too", async () => {
  // The module loads and defines the element; the WASM the element names does not.
  serve("/wrong-wasm", quick.replace('kind="director_appointment"', 'kind="director_appointment" wasm="https://RULES-SERVER/embed/nowhere.wasm"'));
  const { page, close } = await visit("/wrong-wasm");
  const notice = page.locator("aii-form-check .aii-notice");
  await notice.waitFor();
  assert.equal(await notice.textContent(), ZH_NOTICE);
  assert.equal((await page.evaluate(() => window.aiiErrors)).length, 1);
  assert.equal(await page.evaluate(() => document.querySelector("aii-form-check").v), undefined);
  await close();
});

/** An example's leaves as [pointer, value]: nulls and empty lists are what an empty control is
 *  (absent). */
function leaves(value, pointer = "") {
  if (value === null || (Array.isArray(value) && !value.length)) return [];
  if (typeof value !== "object") return [[pointer, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${pointer}/${k}`));
}

const withoutAbsent = (value) =>
  Array.isArray(value)
    ? value.map(withoutAbsent)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && !(Array.isArray(v) && !v.length)).map(([k, v]) => [k, withoutAbsent(v)]))
      : value;

for (const kind of KINDS) {
  test(`the complete ${kind} page, filled with the example, submits under whole-form`, async () => {
    serve(`/complete/${kind}`, complete[kind]);
    // The tests' today (harness.mjs); an evaluation on the day its example's period is over.
    const { page, problems, close } = await visit(`/complete/${kind}`, kind === "evaluation" ? "2030-03-01" : TODAY);
    await page.waitForFunction(() => document.querySelector("aii-form-check")?.v);
    const doc = example(kind);

    // Submitted empty, the page is stopped: whole-form counts every required field.
    await page.click("button[type=submit]");
    await page.locator(".aii-summary li").first().waitFor();
    assert.equal(posts.length, 0);

    // Every field of the example has its control on the page; each filled as a person would.
    for (const [pointer, value] of leaves(doc)) {
      const control = page.locator(`[name="${pointer}"]`);
      assert.equal(await control.count(), 1, `${kind}: a control named ${pointer}`);
      const [tag, type] = await control.evaluate((el) => [el.localName, el.type]);
      if (type === "checkbox") await control.setChecked(value);
      else if (tag === "select") await control.selectOption(String(value));
      else await control.fill(String(value));
    }
    await page.keyboard.press("Tab");
    // The page reads back the example (its own reading, readForm of the module it loaded).
    const read = await page.evaluate(async (url) => (await import(url)).readForm(document.querySelector("form")), `${rules}/embed/aii-validator.js`);
    assert.deepEqual(read, withoutAbsent(doc));
    assert.deepEqual((await messages(page)).filter(([, , c]) => c.includes("aii-error")), []);
    await Promise.all([page.waitForURL(/\/your\/handler$/), page.click("button[type=submit]")]);
    const posted = new Map(posts.pop());
    for (const [pointer, value] of leaves(doc)) if (value !== false) assert.ok(posted.has(pointer), `${kind}: ${pointer} posted`);
    assert.deepEqual(problems, []);
    await close();
  });
}
