// End-to-end: the journeys of the people who use the product, each from an empty browser
// profile, by typing and clicking only (tests/e2e/person.mjs) — no prepared drafts, no document
// posted behind the page's back. The real server on a fresh SQLite database; the secretariat's
// account made with the CLI, as README says.
//
//   applicant  → fills the application from nothing (Chinese) → the receipt's page, which
//                survives a reload
//   secretary  → logs in, finds it, takes it through the site check, puts it on a publicity
//                notice in the desk (/admin/notices); a week later (the server restarted on the
//                same database after the notice ended) records the council's approval and
//                certifies it (confirming the irreversible step)
//   applicant  → the status page shows the base and its id; its link opens the appointment form
//                with the base filled in; the appointment is filed
//   applicant  → a direction change in English, the base found by the search box
//   applicant  → a second application returned by the secretary, corrected and resubmitted
//   base       → Chapter 6 (another server day): the annual assessment and the evaluation
//
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/journeys.test.mjs
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SELECTION, TODAY, addUser, example, freshDatabase, launchBrowser, openEmpty, registerExampleBase, shot, startServer, staticDir, stopAll } from "./harness.mjs";
import { fieldId, fillLikeAPerson, settle } from "./person.mjs";

const USER = "secretary.journey";
const PASSWORD = "a journey secretariat password";
const FULL_NAME = "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）";
const ANOTHER_UNIVERSITY = "12310000234567894P";

let dir, common, proc, base, browser;
/** The server's day: TODAY, then the day after the publicity notice ended. */
let today = TODAY;
const AFTER_NOTICE = "2027-03-08";
/** What the walks hand on: the first application's status link, the base's id. */
const state = {};

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-journeys-"));
  addUser([...db, ...SELECTION], USER, PASSWORD);
  // Everything but the day, which moves once the notice has ended.
  common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "0"];
  ({ proc, url: base } = await startServer([...common, "--today", today]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

// A failed walk's pages as they were at its end, for a person to look at (AII_E2E_SHOTS).
const pages = [];
afterEach(async (t) => {
  const shots = process.env.AII_E2E_SHOTS;
  for (const [i, page] of pages.splice(0).entries()) {
    if (shots && !page.isClosed()) await page.screenshot({ path: join(shots, `${t.name.slice(0, 40).replace(/\W+/g, "-")}-${i}.png`), fullPage: true }).catch(() => {});
  }
});

/** An empty browser profile on the server's day, at `path`. */
async function person(path, { today: day = today, server = base } = {}) {
  const page = await openEmpty(browser, server + path, day);
  pages.push(page);
  return page;
}

/** The secretary logs in at /admin by typing. */
async function secretary() {
  const page = await person("/admin");
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
  return page;
}

/** At the site check, the check is recorded before anything moves on (art11.site_check). */
async function siteCheck(page) {
  if (await page.locator("#site-check-form").isVisible().catch(() => false)) {
    await page.locator("#site-date").fill("2027-02-25");
    await page.locator("#site-inspectors").fill("周工");
    await page.locator("#site-findings").fill("现场核查实训场地、设备与师资，与申请书所述一致，同时容纳实训人数不少于二十人，管理制度上墙并有运行记录可查。");
    await page.locator("#site-conclusion").selectOption("confirmed");
    await page.locator("#site-check-submit").click();
    await page.locator("#site-checks li[data-conclusion]").waitFor();
  }
}

/** On the desk's detail page: writes the note and takes each step, confirming where asked. */
async function decide(page, steps) {
  for (const [to, label] of steps) {
    await siteCheck(page);
    await page.locator("#decision-note").fill(`意见：${label}`);
    if (to === "approved") {
      // Art. 12: the standing council's session (on the server's day) and resolution.
      await page.locator("#council-date").fill(today);
      await page.locator("#council-resolution").fill("常务理事会决议〔2027〕1号");
    }
    await page.locator(`button.decide[data-to="${to}"]`).click();
    if (await page.locator("#decision-confirmation").isVisible().catch(() => false)) {
      await page.locator("#decision-confirm").click();
    }
    await page.locator("#detail-status").getByText(label, { exact: true }).waitFor();
  }
}

/** Submits the form and waits for the receipt's own page. Returns `{ id, receipt, url }`. */
async function submitAndKeepReceipt(page, button = "提交") {
  await settle(page);
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  const url = page.url();
  const m = url.match(/\/status\/([^#]+)#(.+)$/);
  assert.ok(m, `the page moved to the receipt's URL: ${url}`);
  return { id: m[1], receipt: m[2], url };
}

test("the applicant fills the application from nothing and keeps the receipt across a reload", async () => {
  const page = await person("/apply/application");
  // The selection year is there already (the server's open selection is this year's).
  assert.equal(await page.locator("#f-cycle").inputValue(), "2027");
  await fillLikeAPerson(page, example("application"));
  // The Art. 12 name as it will be.
  await page.getByText(FULL_NAME).first().waitFor();
  await settle(page);
  await shot(page, "application-filled");
  const r = await submitAndKeepReceipt(page);
  assert.equal(await page.locator("#receipt-token").textContent(), r.receipt);
  assert.match(await page.locator("#receipt").textContent(), /请妥善保存此回执/);
  assert.equal(await page.evaluate(() => localStorage.getItem("aii.draft.application")), null, "the draft is gone");
  // The download is a small page with the link.
  const href = await page.locator("#receipt-download").getAttribute("href");
  assert.match(decodeURIComponent(href), new RegExp(`${r.id}[\\s\\S]*${r.receipt}`));
  // A reload keeps it all: the receipt is in the URL.
  await page.reload();
  await page.locator("#receipt-token").getByText(r.receipt).waitFor();
  await page.locator("#status-result").getByText("已提交").first().waitFor();
  await shot(page, "receipt");
  state.first = r;
  await page.context().close();
});

test("the secretary finds the application and takes it to certified, confirming the certificate", async () => {
  assert.ok(state.first, "the application was filed");
  let page = await secretary();
  await page.locator("#f-q").fill("示例工业职业");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.locator(`#admin-list tr[data-id="${state.first.id}"]`).getByRole("link").first().click();
  await page.locator("#detail-full-name").getByText(FULL_NAME).waitFor();
  await decide(page, [["under_review", "答辩评审中"], ["site_check", "现场核查中"]]);
  // The site check is recorded before the application goes on a notice.
  await page.locator("#site-check-form").waitFor();
  await siteCheck(page);
  // Art. 12: the secretary puts it on a publicity notice in the desk, by ticking it.
  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  const pick = page.locator(`#notice-candidates input[data-id="${state.first.id}"]`);
  await pick.waitFor();
  assert.equal(await page.locator("#notice-start").inputValue(), TODAY, "today by default");
  await pick.check();
  await page.locator("#notice-open").click();
  // The desk's answer, whatever it is (a refusal's message fails the walk with it).
  await page.locator("#notice-message").waitFor();
  assert.match(await page.locator("#notice-message").textContent(), /公示已发布。/);
  const notice = page.locator("#notice-list article.notice").first();
  assert.match(await notice.locator("h3").textContent(), /2027-03-01 — 2027-03-07.*公示中/);
  await shot(page, "desk-notice-opened");
  await notice.getByRole("link", { name: FULL_NAME }).click();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await page.context().close();

  // A week later the notice has ended with no objection: the server restarted on that day, on
  // the same database (the walks after this one see that day too).
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  today = AFTER_NOTICE;
  ({ proc, url: base } = await startServer([...common, "--today", today]));
  const desk = await secretary();
  await desk.goto(`${base}/admin/submissions/${state.first.id}`);
  await desk.locator("#detail-full-name").getByText(FULL_NAME).waitFor();
  await desk.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await decide(desk, [["approved", "常务理事会审议通过"]]);
  page = desk;
  // Certifying asks first; cancelling changes nothing.
  await page.locator("#decision-note").fill("同意授牌");
  await page.locator('button.decide[data-to="certified"]').click();
  await page.locator("#decision-confirmation").getByText("确认授牌？", { exact: false }).waitFor();
  await page.locator("#decision-cancel").click();
  assert.equal(await page.locator("#detail-status").textContent(), "常务理事会审议通过");
  await decide(page, [["certified", "已授牌"]]);
  await shot(page, "desk-certified");
  state.baseId = (await page.locator("#detail-base").textContent()).trim();
  await page.context().close();
});

test("the applicant's status page shows the base; its link opens the appointment form with the base filled in", async () => {
  assert.ok(state.baseId, "the base was certified");
  const page = await person(new URL(state.first.url).pathname + new URL(state.first.url).hash);
  await page.locator("#base-ref").getByText(FULL_NAME).waitFor();
  assert.equal((await page.locator("#base-id").textContent()).trim(), state.baseId);
  await shot(page, "status-certified");
  await page.locator("#base-ref").getByRole("link", { name: "推荐基地主任、副主任" }).click();
  await page.locator("#f-base_id").waitFor();
  assert.equal(await page.locator("#f-base_id").inputValue(), state.baseId);
  await page.locator("#f-base_id-msg").waitFor({ state: "attached" });
  const doc = example("director_appointment");
  doc.appointee.id_number = "110105197212010038";
  await fillLikeAPerson(page, doc, { skip: ["/base_id"] });
  await page.locator(".chosen-base").getByText(FULL_NAME).waitFor();
  await settle(page);
  await shot(page, "director-appointment-filled");
  await submitAndKeepReceipt(page);
  await page.locator("#base-ref").getByText(FULL_NAME).waitFor();
  await page.context().close();
});

test("in English, a direction change names its base by the search box over the registry", async () => {
  assert.ok(state.baseId, "the base was certified");
  const page = await person("/apply/direction-change");
  await page.getByRole("button", { name: "English" }).click();
  // The registry shows each base's id, and the form's box offers the bases by name.
  const box = page.locator("#f-base_id");
  await box.click();
  await box.pressSequentially("长三角");
  const option = page.locator(`#${fieldId("/base_id")}-bases option[value="${state.baseId}"]`);
  assert.equal(await option.textContent(), FULL_NAME);
  await box.fill(state.baseId); // what picking the offered base enters
  await page.locator(".chosen-base").getByText(FULL_NAME).waitFor();
  await fillLikeAPerson(page, example("direction_change"), { skip: ["/base_id"] });
  await settle(page);
  await shot(page, "direction-change-en");
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  await page.getByText("Keep this receipt.").waitFor();
  await page.context().close();
});

test("a returned application is corrected by its applicant and resubmitted", async () => {
  const doc = example("application");
  doc.unit.uscc = ANOTHER_UNIVERSITY;
  doc.unit.name = "另一所工业大学";
  doc.partners = [];
  doc.facilities.simultaneous_trainees = 120;
  doc.facilities.capacity_note = "另有三十个移动工位在合作企业车间";
  const page = await person("/apply/application");
  await fillLikeAPerson(page, doc);
  const r = await submitAndKeepReceipt(page);

  const desk = await secretary();
  await desk.goto(`${base}/admin/submissions/${r.id}`);
  await decide(desk, [["returned", "退回修改"]]);
  await desk.context().close();

  await page.reload();
  await page.locator(".notice.correction").getByText("意见：退回修改").waitFor();
  await shot(page, "status-returned");
  await page.getByRole("link", { name: "修改并重新提交" }).click();
  const capacity = page.locator("#f-facilities-simultaneous_trainees");
  await capacity.waitFor();
  assert.equal(await capacity.inputValue(), "120", "the document as last sent");
  await capacity.fill("90");
  await settle(page);
  await page.getByRole("button", { name: "重新提交", exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  await page.locator("#status-result .current").getByText("已提交").waitFor();
  await page.context().close();
});

test("a certified base files its annual assessment and its evaluation (Chapter 6), typed from nothing", async () => {
  // Another server day on its own database: 15 April 2030, after the first evaluation period
  // (2027–2029) and within a month of its deadline; the base certified in 2026.
  const later = freshDatabase("aii-e2e-journeys-ch6-");
  const today = "2030-04-15";
  const common = [...later.db, "--today", today];
  const baseId = registerExampleBase(common, { certifiedOn: "2026-06-30", dir: later.dir });
  const server = await startServer([...common, "--static-dir", staticDir]);
  try {
    let page = await person(`/apply/annual-assessment?base_id=${baseId}`, { today, server: server.url });
    await page.locator("#f-year").waitFor();
    assert.equal(await page.locator("#f-base_id").inputValue(), baseId);
    await fillLikeAPerson(page, example("annual_assessment"), { skip: ["/base_id"] });
    await submitAndKeepReceipt(page);
    await page.context().close();

    page = await person(`/apply/evaluation?base_id=${baseId}`, { today, server: server.url });
    const doc = example("evaluation");
    // 2027–2029 have no annual assessment on file: the person explains it where asked.
    doc.annual_note = "2027至2029年度考核材料已报送联盟秘书处，正在补办备案手续。";
    await fillLikeAPerson(page, doc, { skip: ["/base_id", "/totals"] });
    // The totals are the table's sums, computed as the figures were typed.
    assert.equal(await page.locator(`#${fieldId("/totals/trainees_passed")}`).inputValue(), "1420");
    await settle(page);
    await shot(page, "evaluation-filled");
    await shot(page, "evaluation-mobile", { width: 375 });
    await page.setViewportSize({ width: 1280, height: 720 });
    await submitAndKeepReceipt(page);
    await page.context().close();
  } finally {
    await stopAll({ proc: server.proc, dir: later.dir });
  }
});
