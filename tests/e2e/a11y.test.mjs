// End-to-end: accessibility. axe-core (npm) is run in headless Chromium on every page people
// use, in the state where most is shown: the six forms with their errors, the receipt's status
// page, the desk's list, detail (with its next steps and the council's fields), notices and
// experts, the public registry, publicity (an objection form open), results and certificate
// verification, and the widget's demo page. Any
// violation, of any impact, fails the test with its rule and the elements.
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/a11y.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION, TODAY, addUser, apiLogin, apiPost, example, freshDatabase, launchBrowser, registerExampleBase, root, startServer, staticDir, stopAll, openEmpty } from "./harness.mjs";

const axeSource = readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
const USER = "secretary.a11y";
const PASSWORD = "an accessibility secretariat password";

let dir, proc, base, browser, submitted;

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-a11y-"));
  const common = [...db, ...SELECTION];
  registerExampleBase(common);
  addUser(common, USER, PASSWORD);
  ({ proc, url: base } = await startServer([...common, "--static-dir", staticDir, "--expert-quorum", "0"]));
  // A submission to look at (set-up, not a journey under test: journeys.test.mjs types them).
  const doc = example("application");
  doc.unit.uscc = "12310000234567894P";
  doc.partners = [];
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(doc) });
  assert.equal(res.status, 201, await res.clone().text());
  submitted = await res.json();
  // On a running publicity notice: the public page lists it, the desk shows its next steps.
  const s = await apiLogin(base, USER, PASSWORD);
  await apiPost(s, `/api/v1/admin/submissions/${submitted.id}/decisions`, { to: "under_review", note: "进入答辩评审" });
  await apiPost(s, "/api/v1/admin/notices", { start_date: TODAY, items: [submitted.id] }, 201);
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

/** A fresh page (own storage, the browser's clock on the server's today). */
const open = (path) => openEmpty(browser, base + path, TODAY);

/** axe-core's violations on the page as it stands, as `rule (impact): elements` lines. */
async function violations(page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`));
  return found;
}

for (const [slug, title] of [
  ["application", "实训基地申请书"],
  ["director-appointment", "推荐"],
  ["direction-change", "变更"],
  ["annual-assessment", "年度"],
  ["evaluation", "评估"],
  ["training-plan", "计划"],
]) {
  test(`the ${slug} form with its errors shown has no accessibility violation`, async () => {
    const page = await open(`/apply/${slug}`);
    await page.locator("h1").getByText(title, { exact: false }).first().waitFor();
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await page.locator("#error-summary").waitFor();
    assert.deepEqual(await violations(page), []);
    await page.context().close();
  });
}

test("the status page with its receipt has no accessibility violation", async () => {
  const page = await open(`/status/${submitted.id}#${submitted.receipt}`);
  await page.locator("#receipt").waitFor();
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test("the registry and the widget's demo page have no accessibility violation", async () => {
  const page = await open("/registry");
  await page.locator("#registry-list").waitFor();
  assert.deepEqual(await violations(page), []);
  await page.goto(`${base}/embed/demo`);
  await page.locator("aii-form-check, form").first().waitFor({ state: "attached" });
  assert.deepEqual(await violations(page), []);
  await page.context().close();
});

test("the desk's login, list and detail have no accessibility violation", async () => {
  const page = await open("/admin");
  await page.locator("#admin-login").waitFor();
  assert.deepEqual(await violations(page), [], "login");
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-list").waitFor();
  assert.deepEqual(await violations(page), [], "list");
  await page.goto(`${base}/admin/submissions/${submitted.id}`);
  await page.locator("#detail-status").waitFor();
  await page.locator("#next-steps li.need").first().waitFor();
  await page.locator("#council-fields").waitFor();
  await page.locator("#other-directions summary").click();
  assert.deepEqual(await violations(page), [], "detail");
  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  await page.locator("#notice-list article.notice").first().waitFor();
  assert.deepEqual(await violations(page), [], "notices");
  await page.getByRole("link", { name: "评审专家", exact: true }).click();
  await page.locator("#expert-list").waitFor();
  assert.deepEqual(await violations(page), [], "experts");
  await page.context().close();
});

test("publicity with an objection form open, results and verification have no accessibility violation", async () => {
  const page = await open("/publicity");
  const item = page.locator("li.notice-item").first();
  await item.locator("summary").click();
  await item.locator("form.objection-form").waitFor();
  assert.deepEqual(await violations(page), [], "publicity");
  await page.goto(`${base}/results`);
  await page.locator("#results-title").waitFor();
  await page.locator("#results-empty, #results-list").first().waitFor();
  assert.deepEqual(await violations(page), [], "results");
  await page.goto(`${base}/verify/AII-TB-2027-999`);
  await page.locator("#verdict").waitFor();
  assert.deepEqual(await violations(page), [], "verify");
  await page.context().close();
});
