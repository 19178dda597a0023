// End-to-end: publicity and objections (Arts. 11, 12). The real server on a fresh SQLite
// database, an account made with the CLI, an application submitted and moved to under_review
// through the API (a prerequisite; `--expert-quorum 0`). In headless Chromium: the secretary opens a notice in the
// desk by ticking it; a member of the public, in an empty browser, types an objection on
// /publicity (first refused, then filed); the secretary reads and dismisses it; the approval is
// refused while the notice runs; the server restarted with --today past the notice's end; the
// approval, with the council's date and resolution typed in, then goes through.
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/publicity.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SELECTION, TODAY, addUser, apiLogin, apiPost, assertStrictCsp, example, freshDatabase, launchBrowser, openEmpty, shot, startServer, staticDir, stopAll } from "./harness.mjs";

const USER = "secretary.notice";
const PASSWORD = "an end-to-end publicity password";
const FULL_NAME = "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）";
const OBJECTOR = "周异议";
const REASON = "申报材料所列的三名实训指导人员中有一人已于去年离职，与实际情况不符，请予核查。";

let dir, common, proc, base, browser, submissionId;

async function deskLogin(page) {
  await page.goto(`${base}/admin`);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
}

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-publicity-"));
  common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "0"];
  assert.match(addUser([...db, ...SELECTION], USER, PASSWORD), /created/);
  ({ proc, url: base } = await startServer([...common, "--today", TODAY]));
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example("application")),
  });
  assert.equal(res.status, 201);
  submissionId = (await res.json()).id;
  const s = await apiLogin(base, USER, PASSWORD);
  await apiPost(s, `/api/v1/admin/submissions/${submissionId}/decisions`, { to: "under_review", note: "进入答辩评审" });
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

test("the secretary opens a notice in the desk by ticking the application", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await deskLogin(page);
  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  const pick = page.locator(`#notice-candidates input[data-id="${submissionId}"]`);
  await pick.waitFor();
  assert.equal(await page.locator("#notice-start").inputValue(), TODAY, "today by default");
  assert.ok(await page.locator("#notice-open").isDisabled(), "nothing ticked yet");
  await pick.check();
  await page.locator("#notice-open").click();
  await page.locator("#notice-message").getByText("公示已发布。").waitFor();
  const notice = page.locator("#notice-list article.notice").first();
  await notice.getByText(FULL_NAME).waitFor();
  assert.match(await notice.locator("h3").textContent(), /2027-03-01 — 2027-03-07.*公示中/);
  await shot(page, "publicity-desk-opened");
  // Its detail: in publicity, with the move in the audit log.
  await notice.getByRole("link", { name: FULL_NAME }).click();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await context.close();
});

test("a member of the public reads the notice and files an objection by typing", async () => {
  const page = await openEmpty(browser, `${base}/publicity`);
  await page.locator("h1#publicity-title").getByText("实训基地公示").waitFor();
  const item = page.locator("li.notice-item").first();
  await item.getByText(FULL_NAME).waitFor();
  assert.match(await item.textContent(), /新建实训基地/);
  await item.locator("summary").click();
  const form = item.locator("form.objection-form");
  await form.locator("input[name=name]").pressSequentially(OBJECTOR);
  await form.locator("input[name=contact]").pressSequentially("13912345678");
  await form.locator("textarea[name=reason]").pressSequentially("材料不实。");
  await form.getByRole("button", { name: "提交异议" }).click();
  // Refused: the report, as the forms show theirs.
  const report = form.locator("ul.messages");
  await report.locator('li[data-rule="art12.objection"][data-path="/reason"]').waitFor();
  assert.match(await report.textContent(), /第十二条：异议理由不少于20字/);
  await shot(page, "publicity-objection-refused");
  await form.locator("textarea[name=reason]").fill("");
  await form.locator("textarea[name=reason]").pressSequentially(REASON);
  await form.locator("textarea[name=evidence]").pressSequentially("该员工的离职证明\n社保转移记录");
  await form.getByRole("button", { name: "提交异议" }).click();
  const done = form.locator("p.banner.ok");
  await done.waitFor();
  assert.match(await done.textContent(), /异议已受理，受理编号：YY-20270301-[0-9A-F]{8}/);
  await shot(page, "publicity-objection-filed");
  // English too; and the page never shows an objection.
  await page.getByRole("button", { name: "English" }).click();
  await page.getByText("Object to this item").first().waitFor();
  const publicJson = await (await fetch(`${base}/api/v1/publicity`)).text();
  assert.ok(!publicJson.includes(OBJECTOR) && !publicJson.includes("13912345678") && !publicJson.includes("离职"));
  await page.context().close();
});

test("the secretary reads the objection, dismisses it, and the approval waits for the notice to end", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await deskLogin(page);
  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  const notice = page.locator("#notice-list article.notice").first();
  assert.match(await notice.locator("td.counts").textContent(), /1 \/ 0 \/ 0/);
  await notice.locator("button.show-objections").click();
  const objection = notice.locator("li.objection").first();
  await objection.locator(".objector").getByText(OBJECTOR).waitFor();
  assert.match(await objection.locator(".reason").textContent(), /离职/);
  await objection.locator("textarea").pressSequentially("经核查，该人员离职后已由新聘固定人员接替，异议不成立。");
  await objection.locator("button.dismiss").click();
  await notice.locator("td.counts").getByText("0 / 0 / 1").waitFor();
  await notice.locator("button.show-objections").click();
  await notice.locator('li.objection[data-status="dismissed"]').getByText("异议不成立").first().waitFor();
  await shot(page, "publicity-objection-dismissed");

  // While the notice runs, the council cannot approve it.
  await notice.getByRole("link", { name: FULL_NAME }).click();
  await page.locator("#decision-note").fill("常务理事会审议通过");
  await page.locator("#council-date").fill(TODAY);
  await page.locator("#council-resolution").fill("联盟常务理事会决议〔2027〕2号");
  await page.locator('button.decide[data-to="approved"]').click();
  await page.locator("#decision-error").getByText(/公示期至2027-03-07结束/).waitFor();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await context.close();
});

test("after the notice ends (the server restarted a week later) the approval goes through", async () => {
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  ({ proc, url: base } = await startServer([...common, "--today", "2027-03-08"]));
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await deskLogin(page);
  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await page.locator("#decision-note").fill("公示期满无异议成立，常务理事会审议通过");
  // Art. 12: the council's session date, typed into the date control in the browser's (en-US)
  // format, mm dd yyyy; and its resolution.
  await page.locator("#council-fields").waitFor();
  const [y, mo, d] = "2027-03-08".split("-");
  await page.locator("#council-date").click();
  await page.locator("#council-date").pressSequentially(`${mo}${d}${y}`);
  assert.equal(await page.locator("#council-date").inputValue(), "2027-03-08");
  await page.locator("#council-resolution").pressSequentially("联盟常务理事会决议〔2027〕3号");
  await page.locator('button.decide[data-to="approved"]').click();
  await page.locator("#detail-status").getByText("常务理事会审议通过", { exact: true }).waitFor();
  // The closed notice stays on the public page, without its form.
  const pub = await openEmpty(browser, `${base}/publicity`, "2027-03-08");
  await pub.locator("li.notice-item").first().getByText(FULL_NAME).waitFor();
  assert.equal(await pub.locator("form.objection-form").count(), 0);
  assert.match(await pub.locator("section.notice h2").first().textContent(), /已结束/);
  await pub.context().close();
  await context.close();
});

test("every page is sent with the strict policy", async () => {
  await assertStrictCsp(base);
});
