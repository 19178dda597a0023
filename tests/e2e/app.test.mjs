// End-to-end: the real server on a fresh SQLite database, serving the built app (dist/),
// driven in headless Chromium with playwright-core. Run by scripts/test.sh:
//   AII_SERVER_BIN=target/debug/aii-server node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertStrictCsp, SELECTION, example, freshDatabase, launchBrowser, registerExampleBase, startServer, staticDir, stopAll, focusedId } from "./harness.mjs";
import { fillLikeAPerson } from "./person.mjs";

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

test("numbers and phones typed as people write them are read as meant: separators, spaces", async () => {
  const page = await open("/apply/application");
  // A capacity with a thousands separator is the number it means (no type error).
  const field = page.locator("#f-facilities-simultaneous_trainees");
  await field.fill("1,000");
  await field.press("Tab");
  assert.doesNotMatch(await msg(page, "f-facilities-simultaneous_trainees").textContent(), /类型错误|20位以上/);
  // A landline and a mobile with spaces are valid; a short number is not.
  const phone = page.locator("#f-contact-phone");
  for (const ok of ["021 64001234", "021 6400 1234", "138 1234 5678"]) {
    await phone.fill(ok);
    await phone.press("Tab");
    assert.equal(await msg(page, "f-contact-phone").locator('[data-rule="contact.phone"]').count(), 0, ok);
  }
  await phone.fill("021 6400");
  await phone.press("Tab");
  await msg(page, "f-contact-phone").locator('[data-rule="contact.phone"]').waitFor();
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
  assert.equal(await focusedId(page, "error-summary"), "error-summary");
  assert.match(await page.title(), /^错误：/);
  await summary.getByText("请确认所填材料真实、准确（材料严重不实或数据虚假将被认定为不合格）").click();
  assert.equal(await focusedId(page, "f-declaration"), "f-declaration");
  assert.deepEqual(page.apiRequests, []);
  await page.context().close();
});

test("the unit of a base certified in this cycle cannot apply again: the server's refusal shown at the field (Art. 8)", async () => {
  // The registered example base's responsible unit is the example application's.
  const page = await open("/apply/application");
  await fillLikeAPerson(page, example("application"));
  await page.getByRole("button", { name: "提交" }).click();
  await msg(page, "f-unit-uscc").getByText("一个责任单位在一个评估周期内仅可申请一个联盟实训基地", { exact: false }).waitFor();
  assert.match(await msg(page, "f-unit-uscc").textContent(), /评估周期内已作为责任单位获授联盟实训基地/);
  await page.locator("#error-summary").getByText("统一社会信用代码", { exact: false }).first().waitFor();
  await page.context().close();
});

test("the first partner, equipment row and list item are added by mouse and by keyboard, focus on the new row", async () => {
  const page = await open("/apply/application");
  const add = page.locator("#f-partners > button.add");
  await add.click();
  await page.locator("#f-partners-0-name").waitFor();
  assert.equal(await focusedId(page, "f-partners-0-name"), "f-partners-0-name");
  await add.focus();
  await add.press("Enter");
  await page.locator("#f-partners-1-name").waitFor();
  await add.focus();
  await add.press(" ");
  await page.locator("#f-partners-2-name").waitFor();
  const equipment = page.locator("#f-facilities-equipment > button.add");
  await equipment.click();
  await page.locator("#f-facilities-equipment-0-name").waitFor();
  assert.equal(await focusedId(page, "f-facilities-equipment-0-name"), "f-facilities-equipment-0-name");
  const majors = page.locator("#f-related_majors > button.add");
  await majors.focus();
  await majors.press("Enter");
  await page.locator("#f-related_majors-0").waitFor();
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("aii.draft.application") || "null"));
  assert.ok(Array.isArray(draft.doc.partners) && draft.doc.partners.length === 3, JSON.stringify(draft?.doc));
  assert.ok(Array.isArray(draft.doc.related_majors), JSON.stringify(draft.doc));
  await page.context().close();
});

test("a deputy-director appointment: an unknown base is refused by the server, the registered one accepted", async () => {
  const page = await open("/apply/director-appointment");
  const base = page.locator("#f-base_id");
  await base.pressSequentially("no-such-base");
  await base.press("Tab");
  await msg(page, "f-base_id").getByText("未找到该实训基地，请核对基地编号").waitFor();
  await base.fill(baseId);
  await base.press("Tab");
  await page.waitForFunction(() => !document.querySelector("#f-base_id-msg").textContent.includes("未找到"));
  await fillLikeAPerson(page, example("director_appointment"), { skip: ["/base_id"] });
  await page.getByRole("button", { name: "提交" }).click();
  await page.locator("#receipt").waitFor();
  assert.match(page.url(), /\/status\/[^#]+#[0-9a-f]{64}$/);
  await page.context().close();
});

// Last: the pages above ran under the server's Content-Security-Policy (issue 22).
test("every page is sent with the strict Content-Security-Policy, and none of them broke it", async () => {
  await assertStrictCsp(base);
});
