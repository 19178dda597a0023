// End-to-end: the base's own page (/base/{id}#key). As in council.test.mjs, an application is
// filed, put on a publicity notice and, the server restarted after the notice ended, approved
// and certified through the API (the prerequisites; `--expert-quorum 0`). Then, a year on (the
// server restarted on the same database with a later `--today`), in headless Chromium the
// secretary makes a new link to the base's page in the registry desk and copies it as shown;
// a person opens it in an empty browser, sees the base, its certificate and what is due, and
// the annual assessment's button opens the form with the base filled in. The old link (the
// one before the replacement) opens nothing.
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/base.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SELECTION, TODAY, addUser, example, freshDatabase, launchBrowser, openEmpty, shot, startServer, staticDir, stopAll } from "./harness.mjs";

const USER = "secretary.base";
const PASSWORD = "an end-to-end base page password";
/** The server's day once the notice has ended (it runs 2027-03-01 — 2027-03-07). */
const AFTER_NOTICE = "2027-03-08";
/** A year on: last year's annual assessment is due by 31 March. */
const A_YEAR_ON = "2028-02-01";

let dir, proc, base, browser, common, baseId;

async function apiLogin() {
  const res = await fetch(`${base}/api/v1/admin/login`, {
    method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  return { cookie: res.headers.get("set-cookie").split(";")[0], csrf: (await res.json()).csrf_token };
}

async function apiPost(s, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie: s.cookie, "x-csrf-token": s.csrf },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function restartOn(today) {
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  ({ proc, url: base } = await startServer([...common, "--today", today]));
}

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-base-"));
  addUser([...db, ...SELECTION], USER, PASSWORD);
  common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "0"];
  ({ proc, url: base } = await startServer([...common, "--today", TODAY]));
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example("application")),
  });
  assert.equal(res.status, 201);
  const id = (await res.json()).id;
  let s = await apiLogin();
  await apiPost(s, `/api/v1/admin/submissions/${id}/decisions`, { to: "under_review", note: "前置步骤" });
  await apiPost(s, "/api/v1/admin/notices", { start_date: TODAY, items: [id] });
  await restartOn(AFTER_NOTICE);
  s = await apiLogin();
  await apiPost(s, `/api/v1/admin/submissions/${id}/decisions`, { to: "approved", note: "常务理事会审议通过", council_date: AFTER_NOTICE, resolution: "联盟常务理事会决议〔2027〕3号" });
  baseId = (await apiPost(s, `/api/v1/admin/submissions/${id}/decisions`, { to: "certified", note: "同意授牌" })).base_id;
  await restartOn(A_YEAR_ON);
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

/** The secretary, in the registry desk, makes a new link to the base's page; returns it. */
async function newLink() {
  const page = await openEmpty(browser, `${base}/admin`, A_YEAR_ON);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
  await page.goto(`${base}/admin/registry/${baseId}`);
  await page.locator("#base-key-replace").click();
  // A second click confirms: the link before stops working.
  await page.locator("#base-key-confirm").click();
  const link = (await page.locator("#base-key-link").textContent()).trim();
  await shot(page, "base-key-issued");
  await page.context().close();
  return link;
}

test("the secretary gives the unit a link to its base's page; what is due opens its form with the base filled in", async () => {
  const link = await newLink();
  assert.match(link, new RegExp(`^${base}/base/${baseId}#[0-9a-f]{64}$`));

  const person = await openEmpty(browser, link, A_YEAR_ON);
  await person.locator("#base-page").waitFor();
  assert.match(await person.locator("#base-name").textContent(), /^工业互联网产业联盟.+实训基地（示例工业职业技术大学）$/);
  assert.equal((await person.locator("#base-status").textContent()).trim(), "有效（已授牌）");
  assert.equal((await person.locator("#base-certificate").textContent()).trim(), "AII-TB-2027-001");
  assert.equal(await person.locator("#base-certificate-print").getAttribute("href"), "/certificate/AII-TB-2027-001");
  assert.equal(await person.locator("#base-certificate-verify").getAttribute("href"), `${base}/verify/AII-TB-2027-001`);
  // What is due on 2028-02-01: last year's annual assessment and this year's plan by 31 March,
  // the first evaluation (2027–2029) by 31 March 2030.
  const due = await person.locator("#base-due li").evaluateAll((items) => items.map((li) => li.dataset.due));
  assert.deepEqual(due, ["annual_assessment-2027", "training_plan-2028", "evaluation-2027"]);
  assert.match(await person.locator('#base-due li[data-due="annual_assessment-2027"]').textContent(), /2027年度考核备案（第二十二条）.*2028-03-31.*未提交/);
  // Every submission of the base: its application, certified.
  assert.match(await person.locator("#base-submissions tbody").textContent(), /实训基地申请书.*已授牌/);
  await shot(person, "base-page");

  // The annual assessment's button opens the form with the base filled in.
  await person.locator("#due-annual_assessment-2027").click();
  await person.waitForURL(/\/apply\/annual-assessment\?base_id=/);
  await person.locator("#f-base_id").waitFor();
  assert.equal(await person.locator("#f-base_id").inputValue(), baseId);
  await shot(person, "base-annual-form");
  await person.context().close();

  // A newer link: the one before opens nothing, in any browser.
  const newer = await newLink();
  assert.notEqual(newer, link);
  const stale = await openEmpty(browser, link, A_YEAR_ON);
  await stale.locator("#base-not-found").waitFor();
  assert.equal(await stale.locator("#base-page").count(), 0);
  await stale.context().close();
  const fresh = await openEmpty(browser, newer, A_YEAR_ON);
  await fresh.locator("#base-page").waitFor();
  await fresh.context().close();
});
