// End-to-end: the council, the certificate and revocation (PROCEDURE.md; Arts. 11, 12, 24, 25).
// An application filed through the API, moved to `under_review` and put on a publicity notice
// through the API (the prerequisite; `--expert-quorum 0`), the server then restarted on the same
// database a day after the notice ended (art12.no_objection); in headless Chromium the secretary types the council's session date and
// resolution, approves, certifies; opens the certificate page and prints it to PDF (A4
// landscape); the QR code on it, decoded with `zbarimg` (apt: zbar-tools), is the URL of the
// verification page, which says 有效. Then, on a later server day, an evaluation the base filed
// through the API is found unqualified on ground (3) in the desk: /verify says 已撤销 and
// /results shows it.
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/council.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION, TODAY, addUser, apiLogin, apiPost, example, freshDatabase, launchBrowser, openEmpty, shot, startServer, staticDir, stopAll } from "./harness.mjs";

const USER = "secretary.council";
const PASSWORD = "an end-to-end council password";
const LATER = "2030-05-10";
/** The server's day once the notice has ended (it runs 2027-03-01 — 2027-03-07). */
const AFTER_NOTICE = "2027-03-08";

let dir, db, proc, base, browser, submissionId;
const state = {};

const apiDecide = (s, id, to) => apiPost(s, `/api/v1/admin/submissions/${id}/decisions`, { to, note: `前置步骤：${to}` });

async function secretary(today = AFTER_NOTICE) {
  const page = await openEmpty(browser, `${base}/admin`, today);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
  return page;
}

before(async () => {
  ({ dir, db } = freshDatabase("aii-e2e-council-"));
  addUser([...db, ...SELECTION], USER, PASSWORD);
  // Everything but the day, which moves once the notice has ended.
  const common = [...db, ...SELECTION.filter((a, i, all) => a !== "--today" && all[i - 1] !== "--today"), "--static-dir", staticDir, "--expert-quorum", "0"];
  ({ proc, url: base } = await startServer([...common, "--today", TODAY]));
  const res = await fetch(`${base}/api/v1/forms/application/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(example("application")),
  });
  assert.equal(res.status, 201);
  submissionId = (await res.json()).id;
  const s = await apiLogin(base, USER, PASSWORD);
  await apiDecide(s, submissionId, "under_review");
  // Art. 12: on a publicity notice (2027-03-01 — 2027-03-07), which moves it to `publicity`.
  await apiPost(s, "/api/v1/admin/notices", { start_date: TODAY, items: [submissionId] }, 201);
  // The notice ended with no objection: the server restarted on that day, same database.
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  ({ proc, url: base } = await startServer([...common, "--today", AFTER_NOTICE]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

test("the secretary records the council's approval and certifies: the certificate prints and its QR code verifies", async () => {
  const page = await secretary();
  await page.goto(`${base}/admin/submissions/${submissionId}`);
  await page.locator("#detail-status").getByText("公示中", { exact: true }).waitFor();
  // The council's fields appear because the next step can be `approved`; the directions
  // picker starts with those applied for.
  await page.locator("#council-fields").waitFor();
  assert.equal(await page.locator("#decided-directions input:checked").count(), 2);
  await page.locator("#decision-note").fill("常务理事会审议通过，同意建设。");
  // Without the council's date and resolution the server refuses (art12.council).
  await page.locator('button.decide[data-to="approved"]').click();
  await page.locator("#decision-error").getByText("art12.council", { exact: false }).waitFor();
  await page.locator("#council-date").fill(AFTER_NOTICE);
  await page.locator("#council-resolution").fill("联盟常务理事会决议〔2027〕3号");
  // The council decides one of the two directions (Art. 11).
  await page.locator('#decided-directions input[value="security.operations"]').uncheck();
  await shot(page, "council-approve");
  await page.locator('button.decide[data-to="approved"]').click();
  await page.locator("#detail-status").getByText("常务理事会审议通过", { exact: true }).waitFor();
  await page.locator("#decision-note").fill("同意授牌");
  await page.locator('button.decide[data-to="certified"]').click();
  await page.locator("#decision-confirm").click();
  await page.locator("#detail-status").getByText("已授牌", { exact: true }).waitFor();
  const number = (await page.locator("#detail-certificate").textContent()).trim();
  assert.equal(number, "AII-TB-2027-001");
  state.number = number;
  state.baseId = (await page.locator("#detail-base").textContent()).trim();

  // The certificate page: the Art. 12 name, unit, decided direction, date, number and QR code.
  await page.locator("#detail-certificate").click();
  await page.locator("#certificate").waitFor();
  assert.match(await page.locator("#certificate-name").textContent(), /^工业互联网产业联盟.+实训基地（示例工业职业技术大学）$/);
  assert.equal((await page.locator("#certificate-unit").textContent()).trim(), "示例工业职业技术大学");
  assert.doesNotMatch(await page.locator("#certificate-directions").textContent(), /安全/, "only the decided direction");
  assert.match(await page.locator("#certificate-date").textContent(), /2027年3月8日/);
  assert.equal((await page.locator("#certificate-number").textContent()).trim(), number);
  await page.waitForFunction(() => { const i = document.querySelector("#certificate-qr"); return i && i.complete && i.naturalWidth > 0; });
  await shot(page, "certificate");
  // Printed to PDF with the print stylesheet: one A4 landscape page.
  const pdfPath = join(dir, "certificate.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "screen" });
  const pdf = readFileSync(pdfPath).toString("latin1");
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.equal(boxes.length, 1, "one page");
  assert.ok(Math.abs(boxes[0][0] - 841.9) < 2 && Math.abs(boxes[0][1] - 595.3) < 2, `A4 landscape: ${boxes}`);

  // The QR code, read as a phone would: the verification page's URL.
  const png = join(dir, "qr.png");
  await page.locator("#certificate-qr").screenshot({ path: png });
  const url = execFileSync("zbarimg", ["--quiet", "--raw", png], { encoding: "utf8" }).trim();
  assert.equal(url, `${base}/verify/${number}`);
  state.verifyUrl = url;
  await page.context().close();

  const visitor = await openEmpty(browser, url, AFTER_NOTICE);
  await visitor.locator("#verdict[data-status=certified]").getByText("有效", { exact: false }).waitFor();
  await visitor.locator("#verify-name").getByText("示例工业职业技术大学", { exact: false }).waitFor();
  await shot(visitor, "verify-certified");
  // An unknown number says so plainly.
  await visitor.goto(`${base}/verify/AII-TB-2027-999`);
  await visitor.locator("#verdict[data-status=unknown]").getByText("无此证牌", { exact: false }).waitFor();
  await visitor.context().close();
});

test("an evaluation found unqualified on ground (3) revokes the base: /verify says revoked, /results shows it", async () => {
  assert.ok(state.number, "certified first");
  // Three years on: the server's day moves (same database); the base files its evaluation.
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  ({ proc, url: base } = await startServer([...db, "--today", LATER, "--static-dir", staticDir, "--expert-quorum", "0"]));
  const evaluation = { ...example("evaluation"), base_id: state.baseId, annual_note: "2027至2029年度考核材料随本次评估一并提交备案。" };
  const res = await fetch(`${base}/api/v1/forms/evaluation/submissions`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(evaluation),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const evalId = JSON.parse(text).id;
  await apiDecide(await apiLogin(base, USER, PASSWORD), evalId, "under_review");

  const page = await secretary(LATER);
  await page.goto(`${base}/admin/submissions/${evalId}`);
  await page.locator("#revocation-grounds").waitFor();
  await page.locator("#decision-note").fill("评估专家组核查发现，上报的实训人数数据存在虚假，评估不合格。");
  await page.locator('#revocation-grounds input[value="3"]').check();
  await page.locator('button.decide[data-to="unqualified"]').click();
  if (await page.locator("#decision-confirm").isVisible().catch(() => false)) await page.locator("#decision-confirm").click();
  await page.locator("#detail-status").getByText("评估不合格", { exact: false }).waitFor();
  await page.context().close();

  const visitor = await openEmpty(browser, `${base}/verify/${state.number}`, LATER);
  await visitor.locator("#verdict[data-status=revoked]").getByText("已撤销", { exact: false }).waitFor();
  assert.equal((await visitor.locator("#verify-revoked-on").textContent()).trim(), LATER);
  await shot(visitor, "verify-revoked");
  await visitor.goto(`${base}/results`);
  const row = visitor.locator(`#results-list tr[data-base="${state.baseId}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /2027–2029.*评估不合格.*第二十四条第（三）项/);
  await shot(visitor, "results");
  await visitor.context().close();
});
