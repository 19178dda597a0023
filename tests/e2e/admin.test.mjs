// End-to-end: the secretariat's review desk. The real server on a fresh SQLite database with
// an account created by the CLI (`user add --password-stdin`), serving the built app; an
// application submitted through the API is found in the list and moved, in headless
// Chromium, through the whole workflow to certified.
// The application goes into `publicity` the way a secretary puts it there: on a notice opened
// in the desk (/admin/notices); the server is then restarted a week later on the same database,
// after the notice has ended, and the council's approval goes through (art12.no_objection).
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/admin.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertStrictCsp, SELECTION, TODAY, addUser, example, freshDatabase, launchBrowser, startServer, staticDir, stopAll } from "./harness.mjs";

const USER = "secretary.e2e";
const PASSWORD = "an end-to-end secretariat password";

let dir, common, proc, base, browser, submissionId;
/** The server's day once the notice has ended (it runs 2027-03-01 — 2027-03-07). */
const AFTER_NOTICE = "2027-03-08";

/** Logs the secretary in at /admin on `page` by typing. */
async function deskLogin(page) {
  await page.goto(`${base}/admin`);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
}

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-admin-"));
  assert.match(addUser([...db, ...SELECTION], USER, PASSWORD), /created secretary\.e2e/);
  // Everything but the day, which moves once the notice has ended.
  common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "0"];
  ({ proc, url: base } = await startServer([...common, "--today", TODAY]));
  // The applicant's submission.
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example("application")),
  });
  assert.equal(res.status, 201);
  submissionId = (await res.json()).id;
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

test("the review desk answers 401 to a visitor without a session", async () => {
  assert.equal((await fetch(`${base}/api/v1/admin/submissions`)).status, 401);
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/admin`);
  await page.locator("#admin-login").waitFor();
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill("not the password at all");
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#login-error").getByText("用户名或密码错误。").waitFor();
  await page.context().close();
});

test("a secretariat user logs in, finds the submitted application and certifies it step by step", async () => {
  let context = await browser.newContext();
  let page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${base}/admin`);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
  // The session cookie is HttpOnly: the page cannot read it.
  assert.equal(await page.evaluate(() => document.cookie), "");
  const cookie = (await context.cookies()).find((c) => c.name === "aii_admin");
  assert.ok(cookie?.httpOnly && cookie.sameSite === "Strict");

  // Find it: search by the unit's name, filter by status.
  await page.locator("#f-q").fill("示例工业职业");
  await page.locator("#f-status").selectOption("submitted");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.locator("#admin-total").getByText("共 1 条").waitFor();
  const row = page.locator(`#admin-list tr[data-id="${submissionId}"]`);
  assert.match(await row.textContent(), /021\*+1234/, "the phone is masked in the list");
  assert.match(await page.locator("#export-csv").getAttribute("href"), /\/api\/v1\/admin\/export\.csv\?.*status=submitted/);
  await row.getByRole("link", { name: "示例工业职业技术大学" }).click();

  // The detail: the document laid out, the reports, no warnings.
  await page.locator("#detail-status").getByText("已提交").waitFor();
  await page.getByText("长三角智造").first().waitFor();
  await page.locator("#fresh-report").getByText("art9.joint_priority").waitFor();

  /** At the site check, the check is recorded before anything moves on (art11.site_check). */
  const siteCheck = async () => {
    if (await page.locator("#site-check-form").isVisible().catch(() => false)) {
      await page.locator("#site-date").fill("2027-02-25");
      await page.locator("#site-inspectors").fill("周工");
      await page.locator("#site-findings").fill("现场核查实训场地、设备与师资，与申请书所述一致，同时容纳实训人数不少于二十人，管理制度上墙并有运行记录可查。");
      await page.locator("#site-conclusion").selectOption("confirmed");
      await page.locator("#site-check-submit").click();
      await page.locator("#site-checks li[data-conclusion]").waitFor();
    }
  };
  /** Takes each step on the detail page, recording the site check first where it is due. */
  const decide = async (steps) => {
    for (const [to, label] of steps) {
      await siteCheck();
      await page.locator("#decision-note").fill(`同意进入下一环节：${label}`);
      if (to === "approved") {
        // Art. 12: the standing council's session (after the notice ended) and resolution.
        await page.locator("#council-date").fill(AFTER_NOTICE);
        await page.locator("#council-resolution").fill("常务理事会决议〔2027〕1号");
      }
      await page.locator(`button.decide[data-to="${to}"]`).click();
      // Certifying cannot be undone: the desk asks first.
      if (to === "certified") await page.locator("#decision-confirm").click();
      await page.locator("#detail-status").getByText(label, { exact: true }).waitFor();
    }
  };
  await decide([["under_review", "答辩评审中"], ["site_check", "现场核查中"]]);
  // The site check is recorded before the application goes on a notice.
  await page.locator("#site-check-form").waitFor();
  await siteCheck();

  // Art. 12: the secretary puts it on a publicity notice in the desk, by ticking it.
  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  const pick = page.locator(`#notice-candidates input[data-id="${submissionId}"]`);
  await pick.waitFor();
  assert.equal(await page.locator("#notice-start").inputValue(), TODAY, "today by default");
  await pick.check();
  await page.locator("#notice-open").click();
  // The desk's answer, whatever it is (a refusal's message fails the walk with it).
  await page.locator("#notice-message").waitFor();
  assert.match(await page.locator("#notice-message").textContent(), /公示已发布。/);
  const notice = page.locator("#notice-list article.notice").first();
  assert.match(await notice.locator("h3").textContent(), /2027-03-01 — 2027-03-07.*公示中/);
  await notice.getByRole("link", { name: "示例工业职业技术大学", exact: false }).click();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await context.close();

  // A week later the notice has ended with no objection: the server restarted on that day,
  // on the same database; the secretary logs in again and records the council's approval.
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  ({ proc, url: base } = await startServer([...common, "--today", AFTER_NOTICE]));
  context = await browser.newContext();
  page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await deskLogin(page);
  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await decide([["approved", "常务理事会审议通过"], ["certified", "已授牌"]]);
  // Certified: the base is in the registry, and every step is in the audit log.
  const baseId = (await page.locator("#detail-base").textContent()).trim();
  assert.match(baseId, /^base-[0-9a-f]{16}$/);
  // Five decisions and the site check's record.
  assert.equal(await page.locator("#audit-log tbody tr").count(), 6);
  assert.match(await page.locator("#audit-log tbody tr").last().textContent(), /secretary\.e2e.*常务理事会审议通过 → 已授牌.*已授牌/);
  assert.equal(await page.locator("button.decide").count(), 0, "certified is final");

  // The registry entry satisfies an appointment's art14.base_exists.
  const doc = { ...example("director_appointment"), base_id: baseId };
  const report = await (await fetch(`${base}/api/v1/forms/director-appointment/validate`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(doc),
  })).json();
  assert.ok(!report.issues.some((i) => i.rule === "art14.base_exists"), JSON.stringify(report.issues));

  // Revealing the phone is audited.
  await page.locator("button.reveal").click();
  await page.locator("strong.revealed").getByText("021-64001234").waitFor();
  await page.locator("#audit-log tbody tr").nth(6).waitFor();
  assert.match(await page.locator("#audit-log tbody tr").nth(6).textContent(), /查看完整号码.*\/contact\/phone/);
  await context.close();
});

test("an application returned for correction is corrected and resubmitted by its applicant through the receipt", async () => {
  // Another university applies; its capacity rests on a justification.
  const doc = example("application");
  doc.unit.uscc = "12310000234567894P";
  doc.unit.name = "另一所工业大学";
  doc.partners = [];
  doc.facilities.simultaneous_trainees = 120;
  doc.facilities.capacity_note = "另有三十个移动工位在合作企业车间";
  const submitted = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(doc),
  });
  assert.equal(submitted.status, 201);
  const { id, receipt } = await submitted.json();

  // The secretariat returns it with a note (the API the review desk's buttons call).
  const login = await fetch(`${base}/api/v1/admin/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const { csrf_token } = await login.json();
  const returned = await fetch(`${base}/api/v1/admin/submissions/${id}/decisions`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf_token },
    body: JSON.stringify({ to: "returned", note: "请核实可同时实训人数，移动工位不计入" }),
  });
  assert.equal(returned.status, 200, await returned.text());

  // The applicant follows the receipt: returned, with the note, and a way to correct it.
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${base}/status/${id}#${receipt}`);
  await page.locator("#status-result").getByText("退回修改").first().waitFor();
  await page.getByText("请核实可同时实训人数，移动工位不计入").first().waitFor();
  await page.getByRole("link", { name: "修改并重新提交" }).click();

  // The form opens with the document as sent and the secretariat's note.
  await page.locator("#correction").getByText("请核实可同时实训人数").waitFor();
  const trainees = page.locator("#f-facilities-simultaneous_trainees");
  assert.equal(await trainees.inputValue(), "120");
  assert.equal(await page.locator("#f-unit-name").inputValue(), "另一所工业大学");
  // A correction below the Measures' minimum is flagged at the field, as in any form.
  await trainees.fill("12");
  await trainees.blur();
  await page.locator('#f-facilities-simultaneous_trainees-msg [data-rule="art7.3.capacity"]').waitFor();
  await trainees.fill("90");
  await trainees.blur();
  await page.getByRole("button", { name: "重新提交" }).click();
  await page.locator("#receipt, #error-summary, .banner").first().waitFor();
  assert.equal(await page.locator("#receipt").count(), 1,
    `not resubmitted: ${await page.locator("#error-summary, .banner").allTextContents()}`);
  assert.equal((await page.locator("#receipt-token").textContent()).trim(), receipt);
  // The correction's draft is gone, and it never touched a new application's draft.
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), `aii.draft.correction.${id}`), null);
  assert.equal(await page.evaluate(() => localStorage.getItem("aii.draft.application")), null);

  // Stored: submitted again, with the corrected document; a second correction is refused.
  const status = await (await fetch(`${base}/api/v1/submissions/${id}`, { headers: { "x-receipt": receipt } })).json();
  assert.deepEqual(status.history.map((h) => h.status), ["submitted", "returned", "submitted"]);
  const stored = await (await fetch(`${base}/api/v1/submissions/${id}/document`, { headers: { "x-receipt": receipt } })).json();
  assert.equal(stored.document.facilities.simultaneous_trainees, 90);
  await page.goto(`${base}/status/${id}/correct#${receipt}`);
  await page.locator("#not-returned").getByText("已提交").waitFor();
  await context.close();
});

// Last: the pages above ran under the server's Content-Security-Policy (issue 22).
test("every page is sent with the strict Content-Security-Policy, and none of them broke it", async () => {
  await assertStrictCsp(base);
});
