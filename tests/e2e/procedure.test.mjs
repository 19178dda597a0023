// End-to-end: the whole selection procedure (PROCEDURE.md; Arts. 11, 12), from an empty
// database to a certificate whose QR code verifies, by typing and clicking only, each person in
// an empty browser profile (issue 24). Nothing is posted behind the page's back: the only
// prerequisite is the secretariat's account, made with the CLI as README says.
//
//   applicant  → fills /apply/application from nothing and keeps its receipt
//   secretary  → finds it in the desk, creates four experts there, assigns three; the fourth,
//                employed by the responsible unit, is refused (art11.expert_conflict); moves it
//                into review
//   experts    → each logs in in its own profile and files an opinion by typing
//   secretary  → moves it to the site check, records the check, opens a publicity notice
//   public     → files an objection on /publicity
//   secretary  → dismisses it
//   (the server restarted on the same database with --today after the notice's end)
//   secretary  → approves with the council's date, resolution and decided directions; certifies
//   anyone     → the certificate page printed to PDF; its QR code, read with `zbarimg` from the
//                PDF as printed, opens /verify, which says 有效
//   (three years on: the server restarted with --today after the period 2027–2029)
//   applicant  → types the base's evaluation (Art. 23)
//   secretary  → assigns the three experts, who file their opinions by typing; finds it
//                unqualified on Art. 24's ground (3): /verify says 已撤销, /results shows it
//
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] [AII_E2E_SHOTS=dir] node --test tests/e2e/procedure.test.mjs
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION, TODAY, addUser, example, freshDatabase, launchBrowser, openEmpty, shot, startServer, staticDir, stopAll } from "./harness.mjs";
import { fillLikeAPerson, settle } from "./person.mjs";

const SECRETARY = "secretary.procedure";
const PASSWORD = "a whole-procedure secretariat password";
const EXPERT_PASSWORD = "an expert's own long password";
const FULL_NAME = "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）";
/** The example application's responsible unit: its employee must stand aside (Art. 11). */
const UNIT_USCC = example("application").unit.uscc;
const OTHER_USCC = "91310000MA1FL5QQ9P";
/** The day after the notice (2027-03-01 to 2027-03-07, seven days) has ended. */
const AFTER_NOTICE = "2027-03-08";
const OPINION = "申报材料完整，实训条件与师资队伍符合第七条要求，答辩中对实训方向和课程体系的说明清楚，建议推荐，并在公示前补充设备清单。";
const OBJECTOR = "周异议";
const REASON = "申报材料所列的三名实训指导人员中有一人已于去年离职，与实际情况不符，请予核查。";
/** The evaluation's day: after the period 2027–2029, before its deadline (31 March 2030). */
const EVALUATION_DAY = "2030-03-02";
/** Every walk is bounded. */
const LIMIT = { timeout: 180_000 };

let dir, common, proc, base, browser, today = TODAY;
/** What the walks hand on. */
const state = {};

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-procedure-"));
  // Everything but the server's day, which moves once the notice has run.
  common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "3"];
  assert.match(addUser([...db, ...SELECTION], SECRETARY, PASSWORD), /created secretary\.procedure/);
  ({ proc, url: base } = await startServer([...common, "--today", TODAY]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

// A failed walk's pages as they were at its end (AII_E2E_SHOTS).
const pages = [];
afterEach(async (t) => {
  const shots = process.env.AII_E2E_SHOTS;
  for (const [i, page] of pages.splice(0).entries()) {
    if (shots && !page.isClosed()) await page.screenshot({ path: join(shots, `failed-${t.name.slice(0, 40).replace(/\W+/g, "-")}-${i}.png`), fullPage: true }).catch(() => {});
  }
});

/** An empty browser profile on the server's day, at `path`. */
async function person(path) {
  const page = await openEmpty(browser, base + path, today);
  pages.push(page);
  return page;
}

/** Someone logs in at /admin by typing. */
async function login(username, password) {
  const page = await person("/admin");
  await page.locator("#admin-username").pressSequentially(username);
  await page.locator("#admin-password").pressSequentially(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(username).waitFor();
  return page;
}

/** The secretary logs in and opens the application from the desk's list by its search box. */
async function secretaryAtApplication() {
  return findApplication(await login(SECRETARY, PASSWORD));
}

/** In the desk: the submissions' list by its link, then the application by the search box. */
async function findApplication(page) {
  await findSubmission(page, state.id);
  await page.locator("#detail-full-name").getByText(FULL_NAME).waitFor();
  return page;
}

/** In the desk: the submissions' list by its link, then submission `id` by the search box. */
async function findSubmission(page, id) {
  await page.getByRole("link", { name: "申报列表", exact: true }).click();
  await page.locator("#f-q").pressSequentially("示例工业职业");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.locator(`#admin-list tr[data-id="${id}"]`).getByRole("link").first().click();
  await page.locator("#detail-status").waitFor();
  return page;
}

/** An expert logs in in its own profile and files its opinion on submission `id` by typing. */
async function fileOpinion(who, id, score, criteria, defenceDate) {
  const page = await login(who, EXPERT_PASSWORD);
  await page.locator(`#review-list tr[data-id="${id}"]`).getByRole("link").click();
  await page.locator("#review-document").waitFor();
  const inputs = page.locator("#opinion-form input[data-criterion]");
  assert.equal(await inputs.count(), criteria);
  for (let i = 0; i < criteria; i++) await inputs.nth(i).pressSequentially(String(score));
  await page.locator("#opinion-recommendation").selectOption(score >= 6 ? "recommend" : "not_recommend");
  await page.locator("#opinion-text").pressSequentially(OPINION);
  await page.locator("#opinion-defence-date").pressSequentially(defenceDate);
  await page.locator("#opinion-submit").click();
  await page.locator("#opinion-filed").getByText("第1版", { exact: false }).waitFor();
  return page;
}

/** On the detail page: types the note and takes the step. */
async function decide(page, to, label, note) {
  await page.locator("#decision-note").fill("");
  await page.locator("#decision-note").pressSequentially(note);
  await page.locator(`button.decide[data-to="${to}"]`).click();
  await page.locator("#detail-status").getByText(label, { exact: true }).waitFor();
}

test("the applicant fills the application from nothing and keeps the receipt", LIMIT, async () => {
  const page = await person("/apply/application");
  assert.equal(await page.locator("#f-cycle").inputValue(), "2027");
  await fillLikeAPerson(page, example("application"));
  await page.getByText(FULL_NAME).first().waitFor();
  await settle(page);
  await shot(page, "procedure-application-filled");
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  const m = page.url().match(/\/status\/([^#]+)#(.+)$/);
  assert.ok(m, `the page moved to the receipt's URL: ${page.url()}`);
  state.id = m[1];
  state.statusPath = new URL(page.url()).pathname + new URL(page.url()).hash;
  await page.locator("#status-result").getByText("已提交").first().waitFor();
  await page.context().close();
});

test("the secretary creates four experts in the desk, assigns three; the responsible unit's employee is refused", LIMIT, async () => {
  assert.ok(state.id, "the application was filed");
  const page = await login(SECRETARY, PASSWORD);
  await page.getByRole("link", { name: "评审专家" }).click();
  await page.locator("#expert-list").waitFor();
  const experts = [
    ["expert.wang", "王小明", "研究员", "示例研究所", OTHER_USCC],
    ["expert.li", "李四", "教授级高级工程师", "示例设计院", OTHER_USCC],
    ["expert.zhang", "张三", "教授", "另一所大学", "12310000234567894P"],
    ["expert.liu", "刘同事", "副教授", "示例工业职业技术大学", UNIT_USCC],
  ];
  for (const [username, name, title, employer, uscc] of experts) {
    for (const id of ["expert-username", "expert-password", "expert-name", "expert-title", "expert-employer", "expert-uscc"]) await page.locator(`#${id}`).fill("");
    await page.locator("#expert-username").pressSequentially(username);
    await page.locator("#expert-password").pressSequentially(EXPERT_PASSWORD);
    await page.locator("#expert-name").pressSequentially(name);
    await page.locator("#expert-title").pressSequentially(title);
    await page.locator("#expert-employer").pressSequentially(employer);
    await page.locator("#expert-uscc").pressSequentially(uscc);
    await page.locator("#expert-create").click();
    await page.locator("#expert-created").getByText(username).waitFor();
    await page.locator(`#expert-list tr[data-username="${username}"]`).waitFor();
  }
  await shot(page, "procedure-experts");

  const desk = await findApplication(page);
  await desk.locator("#review-panel").waitFor();
  for (const who of ["expert.wang", "expert.li", "expert.zhang"]) {
    await desk.locator("#assign-expert").fill("");
    await desk.locator("#assign-expert").pressSequentially(who);
    await desk.locator("#assign-submit").click();
    await desk.locator(`#assignments li[data-expert="${who}"]`).waitFor();
  }
  await desk.locator("#assign-expert").fill("");
  await desk.locator("#assign-expert").pressSequentially("expert.liu");
  await desk.locator("#assign-submit").click();
  const refused = desk.locator("#assign-errors");
  await refused.getByText("art11.expert_conflict", { exact: false }).waitFor();
  assert.match(await refused.textContent(), /应当回避/);
  assert.equal(await desk.locator("#assignments li").count(), 3);
  await decide(desk, "under_review", "答辩评审中", "组织专家答辩评审");
  await shot(desk, "procedure-assigned");
  await desk.context().close();
  state.assigned = true;
});

for (const [who, score] of [["expert.wang", 7], ["expert.li", 8], ["expert.zhang", 9]]) {
  test(`${who} logs in in its own profile and files its opinion by typing`, LIMIT, async () => {
    assert.ok(state.assigned, "the experts were assigned");
    const page = await fileOpinion(who, state.id, score, 7, "2027-02-20");
    if (who === "expert.zhang") await shot(page, "procedure-opinion");
    await page.context().close();
    state.opinions = (state.opinions ?? 0) + 1;
  });
}

test("the secretary moves it to the site check, records the check and opens a publicity notice", LIMIT, async () => {
  assert.equal(state.opinions, 3, "three opinions filed");
  const page = await secretaryAtApplication();
  await page.locator("#opinions-table tbody tr").nth(2).waitFor();
  assert.equal((await page.locator("#overall-mean").textContent()).trim(), "8.00");
  await decide(page, "site_check", "现场核查中", "根据专家评审意见开展现场核查");
  await page.locator("#site-check-form").waitFor();
  await page.locator("#site-date").pressSequentially("2027-02-25");
  await page.locator("#site-inspectors").pressSequentially("周工、吴工");
  await page.locator("#site-findings").pressSequentially("现场核查实训场地两处，设备数量、师资与申请书所述一致，同时容纳实训人数不少于二十人，管理制度上墙并有运行记录可查。");
  await page.locator("#site-conclusion").selectOption("confirmed");
  await page.locator("#site-check-submit").click();
  await page.locator('#site-checks li[data-conclusion="confirmed"]').waitFor();
  await shot(page, "procedure-site-check");

  await page.getByRole("link", { name: "公示管理", exact: true }).click();
  const pick = page.locator(`#notice-candidates input[data-id="${state.id}"]`);
  await pick.waitFor();
  assert.equal(await page.locator("#notice-start").inputValue(), TODAY, "today by default");
  await pick.check();
  await page.locator("#notice-open").click();
  await page.locator("#notice-message").getByText("公示已发布。").waitFor();
  const notice = page.locator("#notice-list article.notice").first();
  await notice.getByText(FULL_NAME).waitFor();
  assert.match(await notice.locator("h3").textContent(), /2027-03-01 — 2027-03-07.*公示中/);
  await notice.getByRole("link", { name: FULL_NAME }).click();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await shot(page, "procedure-notice");
  await page.context().close();
  state.notice = true;
});

test("a member of the public files an objection on /publicity; the secretary dismisses it", LIMIT, async () => {
  assert.ok(state.notice, "the notice is open");
  const page = await person("/publicity");
  const item = page.locator("li.notice-item").first();
  await item.getByText(FULL_NAME).waitFor();
  await item.locator("summary").click();
  const form = item.locator("form.objection-form");
  await form.locator("input[name=name]").pressSequentially(OBJECTOR);
  await form.locator("input[name=contact]").pressSequentially("13912345678");
  await form.locator("textarea[name=reason]").pressSequentially(REASON);
  await form.getByRole("button", { name: "提交异议" }).click();
  const done = form.locator("p.banner.ok");
  await done.waitFor();
  assert.match(await done.textContent(), /异议已受理，受理编号：YY-20270301-[0-9A-F]{8}/);
  await shot(page, "procedure-objection-filed");
  await page.context().close();

  const desk = await login(SECRETARY, PASSWORD);
  await desk.getByRole("link", { name: "公示管理", exact: true }).click();
  const notice = desk.locator("#notice-list article.notice").first();
  await notice.locator("td.counts").getByText("1 / 0 / 0").waitFor();
  await notice.locator("button.show-objections").click();
  const objection = notice.locator("li.objection").first();
  await objection.locator(".objector").getByText(OBJECTOR).waitFor();
  await objection.locator("textarea").pressSequentially("经核查，该人员离职后已由新聘固定人员接替，异议不成立。");
  await objection.locator("button.dismiss").click();
  await notice.locator("td.counts").getByText("0 / 0 / 1").waitFor();
  await shot(desk, "procedure-objection-dismissed");
  await desk.context().close();
  state.dismissed = true;
});

test("after the notice ends (server restarted on the same database) the council approves and the base is certified; its printed QR code verifies", LIMIT, async () => {
  assert.ok(state.dismissed, "the objection was dismissed");
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  today = AFTER_NOTICE;
  ({ proc, url: base } = await startServer([...common, "--today", AFTER_NOTICE]));

  const page = await secretaryAtApplication();
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await page.locator("#council-fields").waitFor();
  assert.equal(await page.locator("#decided-directions input:checked").count(), 2, "those applied for, by default");
  // A date control, typed as a person types it in the browser's (en-US) format: mm dd yyyy.
  const [y, mo, d] = AFTER_NOTICE.split("-");
  await page.locator("#council-date").click();
  await page.locator("#council-date").pressSequentially(`${mo}${d}${y}`);
  assert.equal(await page.locator("#council-date").inputValue(), AFTER_NOTICE);
  await page.locator("#council-resolution").pressSequentially("联盟常务理事会决议〔2027〕5号");
  // The council decides one of the two directions (Art. 11).
  await page.locator('#decided-directions input[value="security.operations"]').uncheck();
  await shot(page, "procedure-council");
  await decide(page, "approved", "常务理事会审议通过", "公示期满，异议不成立，常务理事会审议通过。");
  await page.locator("#decision-note").fill("");
  await page.locator("#decision-note").pressSequentially("同意授牌");
  await page.locator('button.decide[data-to="certified"]').click();
  await page.locator("#decision-confirm").click();
  await page.locator("#detail-status").getByText("已授牌", { exact: true }).waitFor();
  const number = (await page.locator("#detail-certificate").textContent()).trim();
  assert.equal(number, "AII-TB-2027-001");
  state.baseId = (await page.locator("#detail-base").textContent()).trim();

  // The certificate page, reached by its link, printed to PDF (A4 landscape, one page).
  await page.locator("#detail-certificate").click();
  await page.locator("#certificate").waitFor();
  assert.equal((await page.locator("#certificate-number").textContent()).trim(), number);
  assert.match(await page.locator("#certificate-name").textContent(), /^工业互联网产业联盟.+实训基地（示例工业职业技术大学）$/);
  assert.doesNotMatch(await page.locator("#certificate-directions").textContent(), /安全/, "only the decided direction");
  assert.match(await page.locator("#certificate-date").textContent(), /2027年3月8日/);
  await page.waitForFunction(() => { const i = document.querySelector("#certificate-qr"); return i && i.complete && i.naturalWidth > 0; });
  await shot(page, "procedure-certificate");
  const pdfPath = join(dir, "certificate.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "screen" });
  const pdf = readFileSync(pdfPath).toString("latin1");
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.equal(boxes.length, 1, "one page");
  assert.ok(Math.abs(boxes[0][0] - 841.9) < 2 && Math.abs(boxes[0][1] - 595.3) < 2, `A4 landscape: ${boxes}`);
  await page.context().close();

  // The QR code read from the PDF as printed (rendered at 200 dpi by Ghostscript), as a phone
  // would read the paper: the verification page's URL.
  const png = join(dir, "certificate.png");
  execFileSync("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r200", `-sOutputFile=${png}`, pdfPath], { stdio: ["ignore", "ignore", "ignore"], timeout: 60_000 });
  const url = execFileSync("zbarimg", ["--quiet", "--raw", png], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 }).trim();
  assert.equal(url, `${base}/verify/${number}`);
  const visitor = await person(new URL(url).pathname);
  await visitor.locator("#verdict[data-status=certified]").getByText("有效", { exact: false }).waitFor();
  await visitor.locator("#verify-name").getByText("示例工业职业技术大学", { exact: false }).waitFor();
  await shot(visitor, "procedure-verify");
  await visitor.context().close();

  // The applicant's receipt link now shows the base.
  const applicant = await person(state.statusPath);
  await applicant.locator("#base-ref").getByText(FULL_NAME).waitFor();
  await shot(applicant, "procedure-status-certified");
  await applicant.context().close();
  state.number = number;
});

test("three years on, the base's evaluation is typed in, reviewed and found unqualified on ground (3): /verify says revoked, /results shows it", LIMIT, async () => {
  assert.ok(state.number && state.baseId, "the base was certified");
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  today = EVALUATION_DAY;
  ({ proc, url: base } = await startServer([...common, "--today", EVALUATION_DAY]));

  // The responsible unit types its evaluation (Art. 23), the period's table included.
  const applicant = await person("/apply/evaluation");
  const evaluation = { ...example("evaluation"), base_id: state.baseId, annual_note: "2027至2029年度考核材料随本次评估一并提交备案。" };
  await fillLikeAPerson(applicant, evaluation);
  await settle(applicant);
  await applicant.getByRole("button", { name: "提交", exact: true }).click();
  await applicant.locator("#receipt").waitFor({ timeout: 15_000 });
  const evalId = applicant.url().match(/\/status\/([^#]+)#/)[1];
  await applicant.context().close();

  // The secretary assigns the same three experts; each files an opinion (Art. 23's criteria).
  const desk = await findSubmission(await login(SECRETARY, PASSWORD), evalId);
  for (const who of ["expert.wang", "expert.li", "expert.zhang"]) {
    await desk.locator("#assign-expert").fill("");
    await desk.locator("#assign-expert").pressSequentially(who);
    await desk.locator("#assign-submit").click();
    await desk.locator(`#assignments li[data-expert="${who}"]`).waitFor();
  }
  await decide(desk, "under_review", "答辩评审中", "组织专家评审评估材料");
  await desk.context().close();
  for (const who of ["expert.wang", "expert.li", "expert.zhang"]) {
    await (await fileOpinion(who, evalId, 3, 6, EVALUATION_DAY)).context().close();
  }

  // Unqualified on ground (3): 上报材料内容严重不实或者数据存在虚假. It revokes the base.
  const page = await findSubmission(await login(SECRETARY, PASSWORD), evalId);
  await page.locator('#next-steps li[data-to="unqualified"] li.need.form[data-rule="art24.revocation_ground"]').waitFor();
  await page.locator("#decision-note").pressSequentially("评估专家组核查发现，上报的实训人数数据存在虚假，评估不合格。");
  await page.locator('#revocation-grounds input[value="3"]').check();
  await page.locator('button.decide[data-to="unqualified"]').click();
  await page.locator("#decision-confirm").click();
  await page.locator("#detail-status").getByText("评估不合格", { exact: false }).waitFor();
  await shot(page, "procedure-unqualified");
  await page.context().close();

  const visitor = await person(`/verify/${state.number}`);
  await visitor.locator("#verdict[data-status=revoked]").getByText("已撤销", { exact: false }).waitFor();
  assert.equal((await visitor.locator("#verify-revoked-on").textContent()).trim(), EVALUATION_DAY);
  await visitor.goto(`${base}/results`);
  const row = visitor.locator(`#results-list tr[data-base="${state.baseId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /2027–2029.*评估不合格.*第二十四条第（三）项/);
  await shot(visitor, "procedure-results");
  await visitor.context().close();
});
