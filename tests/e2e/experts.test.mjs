// End-to-end: expert review (PROCEDURE.md "Expert review", "Site check"). The real server on a
// fresh SQLite database (`--expert-quorum 3`), a secretary and two experts made with the CLI
// (prerequisites), an application submitted through the API (its journey is tested
// elsewhere). In headless Chromium the secretary makes a third expert in the desk, assigns
// three experts (a fourth, employed by a partner, is refused: Art. 11's conflict rule), moves
// it into review; each expert logs in in a fresh browser context and files an opinion by
// typing; the secretary sees each score, the mean and the spread, records the site check and
// moves the submission on to publicity.
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/experts.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { SELECTION, addUser, example, freshDatabase, launchBrowser, serverBin, shot, startServer, staticDir, stopAll } from "./harness.mjs";

const SECRETARY = "secretary.e2e";
const PASSWORD = "an end-to-end secretariat password";
const EXPERT_PASSWORD = "an expert's own long password";
/** The example application's first partner: its employee must stand aside. */
const PARTNER_USCC = "913101153756893422";
const EMPLOYER_USCC = "91310000MA1FL5QQ9P";

let dir, proc, base, browser, submissionId;

/** `user add --role expert` (the CLI). */
function addExpert(args, username, name, uscc) {
  return execFileSync(serverBin, [...args, "user", "add", "--username", username, "--password-stdin", "--role", "expert",
    "--name", name, "--title", "教授级高级工程师", "--employer", "示例单位", "--employer-uscc", uscc], { input: `${EXPERT_PASSWORD}\n`, encoding: "utf8" });
}

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-experts-"));
  const common = [...db, ...SELECTION];
  assert.match(addUser(common, SECRETARY, PASSWORD), /created secretary\.e2e/);
  assert.match(addExpert(common, "expert.li", "李四", EMPLOYER_USCC), /created expert\.li/);
  assert.match(addExpert(common, "expert.zhang", "张三", EMPLOYER_USCC), /created expert\.zhang/);
  assert.match(addExpert(common, "expert.zhao", "赵六", PARTNER_USCC), /created expert\.zhao/);
  ({ proc, url: base } = await startServer([...common, "--static-dir", staticDir, "--expert-quorum", "3"]));
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example("application")),
  });
  assert.equal(res.status, 201);
  submissionId = (await res.json()).id;
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

async function login(username, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${base}/admin`);
  await page.locator("#admin-username").pressSequentially(username);
  await page.locator("#admin-password").pressSequentially(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(username).waitFor();
  return page;
}

async function decide(page, to, label, note) {
  await page.locator("#decision-note").fill(note);
  await page.locator(`button.decide[data-to="${to}"]`).click();
  await page.locator("#detail-status").getByText(label, { exact: true }).waitFor();
}

const state = {};

test("the secretary makes an expert's account in the desk and assigns three experts; a partner's employee is refused", async () => {
  const page = await login(SECRETARY, PASSWORD);
  await page.getByRole("link", { name: "评审专家" }).click();
  await page.locator("#expert-list").waitFor();
  await page.locator("#expert-username").pressSequentially("expert.wang");
  await page.locator("#expert-password").pressSequentially(EXPERT_PASSWORD);
  await page.locator("#expert-name").pressSequentially("王小明");
  await page.locator("#expert-title").pressSequentially("研究员");
  await page.locator("#expert-employer").pressSequentially("示例研究所");
  // A mistyped code first: the server says which field.
  await page.locator("#expert-uscc").pressSequentially("91310000MA1FL5QQ9X");
  await page.locator("#expert-create").click();
  await page.locator("#expert-errors").getByText("统一社会信用代码", { exact: false }).waitFor();
  await page.locator("#expert-uscc").fill("");
  await page.locator("#expert-uscc").pressSequentially(EMPLOYER_USCC.toLowerCase());
  await page.locator("#expert-create").click();
  await page.locator("#expert-created").getByText("expert.wang").waitFor();
  assert.equal(await page.locator("#expert-password-shown").count(), 0, "a given password is not shown back");
  // The list masks names.
  const row = page.locator('#expert-list tr[data-username="expert.wang"]');
  await row.waitFor();
  assert.match(await row.textContent(), /王\*\*.*研究员.*示例研究所.*91310000MA1FL5QQ9P/);
  await shot(page, "experts-list");

  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#review-panel").waitFor();
  for (const who of ["expert.wang", "expert.li", "expert.zhang"]) {
    await page.locator("#assign-expert").pressSequentially(who);
    await page.locator("#assign-submit").click();
    await page.locator(`#assignments li[data-expert="${who}"]`).waitFor();
  }
  await page.locator("#assign-expert").pressSequentially("expert.zhao");
  await page.locator("#assign-submit").click();
  await page.locator("#assign-errors").getByText("应当回避", { exact: false }).waitFor();
  assert.equal(await page.locator("#assignments li").count(), 3);
  await decide(page, "under_review", "答辩评审中", "组织专家答辩评审");
  // No opinion yet: the desk says what leaving review needs, and refuses it (art11.expert_quorum).
  const quorum = page.locator('#next-steps li[data-to="site_check"] li.need.unmet[data-rule="art11.expert_quorum"]');
  await quorum.getByText("现有0份", { exact: false }).waitFor();
  await page.locator("#decision-note").fill("进入现场核查");
  await page.locator('button.decide[data-to="site_check"]').click();
  await page.locator("#decision-error").getByText("art11.expert_quorum", { exact: false }).waitFor();
  await shot(page, "experts-assigned");
  await page.context().close();
});

const OPINION = "申报材料完整，实训条件与师资队伍符合第七条要求，答辩中对实训方向和课程体系的说明清楚，建议推荐，并在公示前补充设备清单。";

for (const [who, score] of [["expert.wang", 7], ["expert.li", 8], ["expert.zhang", 9]]) {
  test(`${who} logs in, sees only its assignment, masked, and files its opinion`, async () => {
    const page = await login(who, EXPERT_PASSWORD);
    const link = page.locator(`#review-list tr[data-id="${submissionId}"]`).getByRole("link");
    await link.click();
    await page.locator("#review-document").waitFor();
    const doc = await page.locator("#review-document").textContent();
    assert.ok(!doc.includes("021-64001234") && !doc.includes("陈老师"), "personal data masked");
    await page.locator("#others-hidden").waitFor();
    const inputs = page.locator("#opinion-form input[data-criterion]");
    assert.equal(await inputs.count(), 7, "Art. 7 (1)–(6) and Art. 18");
    for (let i = 0; i < 7; i++) await inputs.nth(i).pressSequentially(String(score));
    await page.locator("#opinion-recommendation").selectOption("recommend");
    await page.locator("#opinion-text").pressSequentially("太短");
    await page.locator("#opinion-defence-date").pressSequentially("2027-02-20");
    await page.locator("#opinion-submit").click();
    await page.locator("#opinion-errors").getByText("不少于50字", { exact: false }).waitFor();
    await page.locator("#opinion-text").fill("");
    await page.locator("#opinion-text").pressSequentially(OPINION);
    await page.locator("#opinion-submit").click();
    await page.locator("#opinion-filed").getByText("第1版", { exact: false }).waitFor();
    await page.locator('#my-versions li[data-version="1"]').waitFor();
    // Having filed, it sees the others' opinions filed before it.
    assert.equal(await page.locator("#others li").count(), who === "expert.wang" ? 0 : who === "expert.li" ? 1 : 2);
    if (who === "expert.zhang") await shot(page, "expert-opinion");
    await page.context().close();
  });
}

test("the secretary sees each score, the mean and the spread, records the site check and moves it on", async () => {
  const page = await login(SECRETARY, PASSWORD);
  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#opinions-table tbody tr").nth(2).waitFor();
  assert.equal((await page.locator("#overall-mean").textContent()).trim(), "8.00");
  assert.equal((await page.locator("#overall-spread").textContent()).trim(), "2.00");
  assert.match(await page.locator("#quorum").textContent(), /3 \/ 3/);
  await decide(page, "site_check", "现场核查中", "根据专家评审意见开展现场核查");
  await page.locator("#site-check-form").waitFor();
  await page.locator("#site-date").pressSequentially("2027-02-25");
  await page.locator("#site-inspectors").pressSequentially("周工、吴工");
  await page.locator("#site-findings").pressSequentially("现场核查实训场地两处，设备数量、师资与申请书所述一致，同时容纳实训人数不少于二十人，管理制度上墙并有运行记录可查。");
  await page.locator("#site-conclusion").selectOption("confirmed");
  await page.locator("#site-check-submit").click();
  await page.locator('#site-checks li[data-conclusion="confirmed"]').waitFor();
  // Publicity is a notice: the next step says so, with the site check it needed met.
  const publicity = page.locator('#next-steps li[data-to="publicity"][data-via="notice"]');
  await publicity.locator('li.need.met[data-rule="art11.site_check"]').waitFor();
  assert.equal(await page.locator('button.decide[data-to="publicity"]').count(), 0, "no decision button for it");
  await publicity.getByRole("link", { name: "在“公示管理”中开启公示" }).click();
  await page.locator(`#notice-candidates input[data-id="${submissionId}"]`).check();
  await page.locator("#notice-open").click();
  await page.locator("#notice-message").getByText("公示已发布。").waitFor();
  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  await shot(page, "experts-summary");
  await page.goto(`${base}/admin/rounds/2027`);
  const first = page.locator("#round-list tbody tr").first();
  await first.waitFor();
  assert.equal(await first.getAttribute("data-id"), submissionId);
  assert.match(await first.locator(".mean").textContent(), /8\.00/);
  await page.context().close();
});
