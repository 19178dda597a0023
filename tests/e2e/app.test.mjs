// End-to-end: the real server on a fresh SQLite database, serving the built app (dist/),
// driven in headless Chromium with playwright-core. Run by scripts/test.sh:
//   AII_SERVER_BIN=target/debug/aii-server node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { HTML_CSP, SELECTION, example, freshDatabase, cspViolations, launchBrowser, registerExampleBase, startServer, staticDir, stopAll } from "./harness.mjs";

let dir, proc, base, browser, baseId;

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-"));
  const common = [...db, ...SELECTION];
  baseId = registerExampleBase(common);
  ({ proc, url: base } = await startServer([...common, "--static-dir", staticDir]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

/** A fresh page (own storage) that records the API requests it makes. */
async function open(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.apiRequests = [];
  page.on("request", (r) => { if (r.url().includes("/api/")) page.apiRequests.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  page.on("pageerror", (e) => { throw e; });
  await page.goto(base + path);
  return page;
}

/** Stores a draft as the app does, then reloads so the app restores it. */
async function withDraft(page, kind, doc) {
  await page.evaluate(([k, d]) => localStorage.setItem(`aii.draft.${k}`, JSON.stringify({ doc: d, idempotency_key: crypto.randomUUID() })), [kind, doc]);
  await page.reload();
}

const msg = (page, id) => page.locator(`#${id}-msg`);

test("a capacity under 20 is flagged when the field is left, without any request, and clears when fixed", async () => {
  const page = await open("/apply/application");
  const field = page.locator("#f-facilities-simultaneous_trainees");
  await field.fill("12");
  assert.equal(await msg(page, "f-facilities-simultaneous_trainees").textContent(), "", "no error before the field is left");
  await field.press("Tab");
  await assert.doesNotReject(msg(page, "f-facilities-simultaneous_trainees").getByText("实训环境须满足20位以上学员同时动手操作（当前：12）").waitFor());
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  assert.match(await field.getAttribute("aria-describedby"), /f-facilities-simultaneous_trainees-msg/);
  assert.match(await msg(page, "f-facilities-simultaneous_trainees").textContent(), /第七条（三）/);
  await field.fill("40");
  assert.equal(await msg(page, "f-facilities-simultaneous_trainees").textContent(), "");
  assert.equal(await field.getAttribute("aria-invalid"), null);
  assert.deepEqual(page.apiRequests, [], "local rules never call the server");
  await page.context().close();
});

test("the language switch shows the same message in English, and is remembered", async () => {
  const page = await open("/apply/application");
  const field = page.locator("#f-facilities-simultaneous_trainees");
  await field.fill("12");
  await field.press("Tab");
  await page.getByRole("button", { name: "English" }).click();
  await msg(page, "f-facilities-simultaneous_trainees").getByText("The training environment must let at least 20 trainees work hands-on at once (now: 12)").waitFor();
  assert.match(await msg(page, "f-facilities-simultaneous_trainees").textContent(), /Art\. 7\(3\)/);
  await page.reload();
  await page.getByRole("button", { name: "中文" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.context().close();
});

test("a draft survives a reload", async () => {
  const page = await open("/apply/application");
  await page.locator("#f-unit-name").fill("草稿保存测试大学");
  await page.locator("#f-base_short_name").fill("草稿基地");
  await page.reload();
  assert.equal(await page.locator("#f-unit-name").inputValue(), "草稿保存测试大学");
  assert.equal(await page.locator("#f-base_short_name").inputValue(), "草稿基地");
  await page.getByText("已恢复上次保存的草稿。").waitFor();
  await page.getByText("工业互联网产业联盟草稿基地实训基地（草稿保存测试大学）").waitFor();
  await page.context().close();
});

test("submitting with errors shows a focused summary linking to each field, and 错误： in the title", async () => {
  const page = await open("/apply/application");
  await page.getByRole("button", { name: "提交" }).click();
  const summary = page.locator("#error-summary");
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "error-summary");
  assert.match(await page.title(), /^错误：/);
  await summary.getByText("请确认所填材料真实、准确（材料严重不实或数据虚假将被认定为不合格）").click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-declaration");
  assert.deepEqual(page.apiRequests, []);
  await page.context().close();
});

test("a whole valid application is accepted: receipt shown, draft gone, status readable from the database", async () => {
  const page = await open("/apply/application");
  const doc = example("application");
  doc.declaration = false;
  delete doc.facilities.simultaneous_trainees;
  await withDraft(page, "application", doc);
  await page.locator("#f-facilities-simultaneous_trainees").fill("60");
  await page.locator("#f-declaration").check();
  await page.getByRole("button", { name: "提交" }).click();
  await page.locator("#receipt").waitFor();
  const id = (await page.locator("dd.mono").first().textContent()).trim();
  const receipt = (await page.locator("#receipt-token").textContent()).trim();
  assert.equal(await page.evaluate(() => localStorage.getItem("aii.draft.application")), null);
  const status = await fetch(`${base}/api/v1/submissions/${id}`, { headers: { "X-Receipt": receipt } });
  assert.equal(status.status, 200);
  const body = await status.json();
  assert.equal(body.status, "submitted");
  assert.equal(body.kind, "application");
  await page.getByRole("link", { name: "查看审核进度" }).click();
  await page.locator("#status-result").getByText("已提交").first().waitFor();
  await page.context().close();
});

test("what the server refuses is shown at the field: a second application of the unit in the cycle (Art. 8)", async () => {
  const page = await open("/apply/application");
  const doc = example("application");
  // What the validate endpoint answered (the restored draft's context check, asked on load).
  const validated = [];
  page.on("response", (r) => {
    if (r.url().includes("/forms/application/validate")) validated.push(r.text().catch(() => ""));
  });
  await withDraft(page, "application", doc);
  await page.getByRole("button", { name: "提交" }).click();
  const field = msg(page, "f-unit-uscc");
  await field.getByText("一个责任单位在一个评估周期内仅可申请一个联盟实训基地", { exact: false }).waitFor();
  await page.locator("#error-summary").waitFor();
  // The server said it: in answer to the submission, or — when the draft's context check
  // answered first — in that answer, after which the app rightly sends no submission it knows
  // the server refuses. (Which came first is a race the test does not decide.)
  const posted = page.apiRequests.includes("POST /api/v1/forms/application/submissions");
  const bodies = await Promise.all(validated);
  assert.ok(posted || bodies.some((b) => b.includes("art8.one_per_cycle")), page.apiRequests.join(", "));
  await page.context().close();
});

test("a deputy-director appointment for a registered base is accepted; an unknown base is refused by the server", async () => {
  const page = await open("/apply/director-appointment");
  const doc = example("director_appointment");
  doc.base_id = "no-such-base";
  await withDraft(page, "director_appointment", doc);
  await page.locator("#f-base_id").focus();
  await page.locator("#f-base_id").press("Tab");
  await msg(page, "f-base_id").getByText("未找到该实训基地，请核对基地编号").waitFor();
  const base = page.locator("#f-base_id");
  await base.fill(baseId);
  await base.press("Tab");
  await page.waitForFunction(() => !document.querySelector("#f-base_id-msg").textContent.includes("未找到"));
  await page.getByRole("button", { name: "提交" }).click();
  await page.locator("#receipt").waitFor();
  await page.context().close();
});

// Last: the pages above ran under the server's Content-Security-Policy (issue 22).
test("every page is sent with the strict Content-Security-Policy, and none of them broke it", async () => {
  for (const path of ["/", "/apply/application", "/admin", "/registry", "/status/x"]) {
    const res = await fetch(base + path);
    assert.equal(res.headers.get("content-security-policy"), HTML_CSP, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
  }
  assert.deepEqual(cspViolations, []);
});
