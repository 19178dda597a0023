// End-to-end: attachments (issue 25, item 3). A person fills the application from an empty
// browser profile, attaches a real PDF made by Ghostscript (the sealed 申请书's scan) and watches
// its upload's progress (the upload slowed down, as on a poor line), tries a file that only
// pretends to be a picture and sees it refused, submits, and finds the file on the receipt's
// page; the secretary then opens the application in the desk and downloads the file, whose
// bytes are the person's (SHA-256).
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/attachments.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION, addUser, example, freshDatabase, launchBrowser, openEmpty, startServer, staticDir, stopAll } from "./harness.mjs";
import { fillLikeAPerson, settle } from "./person.mjs";

const USER = "secretary.files";
const PASSWORD = "an attachments secretariat password";
const PDF_NAME = "申请书（盖章）.pdf";

let dir, proc, base, browser, pdfPath, fakePath;
const state = {};

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
/** A screenshot of one part of the page (the whole form is long), into AII_E2E_SHOTS. */
async function partShot(locator, name) {
  if (process.env.AII_E2E_SHOTS) await locator.screenshot({ path: join(process.env.AII_E2E_SHOTS, `${name}.png`) });
}

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-attachments-"));
  addUser([...db, ...SELECTION], USER, PASSWORD);
  // The scan of the sealed application: a real PDF, made by Ghostscript.
  pdfPath = join(dir, PDF_NAME);
  execFileSync("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", `-sOutputFile=${pdfPath}`, "-c",
    "/Helvetica findfont 24 scalefont setfont 72 720 moveto (Application - sealed) show 72 680 moveto (Responsible unit seal) show showpage"]);
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), "%PDF-");
  // Text pretending to be a picture.
  fakePath = join(dir, "营业执照.png");
  writeFileSync(fakePath, "this is not a picture at all");
  ({ proc, url: base } = await startServer([...db, ...SELECTION, "--static-dir", staticDir, "--expert-quorum", "0", "--files-dir", join(dir, "files")]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

test("a person attaches the sealed application with progress, a fake picture is refused, and the receipt lists the file", async () => {
  const page = await openEmpty(browser, `${base}/apply/application`);
  await fillLikeAPerson(page, example("application"));
  await settle(page);

  // Every progress bar the page shows is recorded (the upload is slowed to ~4 KB/s).
  await page.evaluate(() => {
    window.seenProgress = [];
    new MutationObserver(() => {
      for (const p of document.querySelectorAll(".attachment progress")) window.seenProgress.push(Number(p.value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 4 * 1024 });

  await page.locator("#sec-attachments").scrollIntoViewIfNeeded();
  await page.locator("#attachments-input").setInputFiles(pdfPath);
  const item = page.locator("#attachment-list li", { hasText: PDF_NAME });
  await item.waitFor();
  await partShot(page.locator("#sec-attachments"), "attachment-uploading");
  await item.getByText("✓ 已上传").waitFor({ timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = await page.evaluate(() => window.seenProgress);
  assert.ok(seen.length > 0, "a progress bar was shown while the file was sent");
  assert.match(await item.locator(".size").textContent(), /KB/);

  // A text file named .png: refused by the server, by its content, with its message.
  await page.locator("#attachments-input").setInputFiles(fakePath);
  const fake = page.locator("#attachment-list li", { hasText: "营业执照.png" });
  await fake.locator(".upload-error").getByText("附件只能是 PDF、JPEG 或 PNG 文件").waitFor();
  await partShot(page.locator("#sec-attachments"), "attachment-refused");
  await fake.getByRole("button", { name: "移除" }).click();
  await fake.waitFor({ state: "detached" });

  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  const m = page.url().match(/\/status\/([^#]+)#(.+)$/);
  assert.ok(m, page.url());
  state.id = m[1];
  // The receipt's page lists the file with its SHA-256, which is the file's.
  const listed = page.locator("#attachments li", { hasText: PDF_NAME });
  await listed.waitFor();
  assert.equal((await listed.locator(".sha").textContent()).trim(), sha256(readFileSync(pdfPath)));
  await partShot(page.locator("#attachments"), "attachment-receipt");
  await page.context().close();
});

test("the secretary downloads the attachment in the desk: the same bytes", async () => {
  assert.ok(state.id, "the application was filed");
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${base}/admin`);
  await page.locator("#admin-username").fill(USER);
  await page.locator("#admin-password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#admin-user").getByText(USER).waitFor();
  await page.locator(`#admin-list tr[data-id="${state.id}"]`).getByRole("link").first().click();
  const link = page.locator("#detail-attachments a.download", { hasText: PDF_NAME });
  await link.waitFor();
  await partShot(page.locator("#detail-attachments"), "attachment-desk");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), PDF_NAME);
  const saved = readFileSync(await download.path());
  assert.equal(sha256(saved), sha256(readFileSync(pdfPath)));
  // Served as a download only, sandboxed.
  const res = await page.request.get(base + (await link.getAttribute("href")));
  assert.equal(res.headers()["content-disposition"].split(";")[0], "attachment");
  assert.equal(res.headers()["x-content-type-options"], "nosniff");
  assert.equal(res.headers()["content-security-policy"], "sandbox; default-src 'none'");
  await context.close();
});
