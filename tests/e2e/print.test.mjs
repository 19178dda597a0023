// End-to-end: the printable 申请书 (app/src/print.rs). A person fills the application from an
// empty browser profile, opens its print view from the form ("打印申请书"), and Chromium prints
// it to PDF (A4 portrait): the PDF's text holds the title, the answers typed, and the boxes for
// 负责人签字 and 单位盖章 (read with pdftotext, apt: poppler-utils). Then the application is submitted and the stored document is
// printed from the receipt's page, with the submission's id.
//
//   AII_SERVER_BIN=target/debug/aii-server [AII_STATIC_DIR=dist] node --test tests/e2e/print.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SELECTION, example, freshDatabase, launchBrowser, openEmpty, shot, startServer, staticDir, stopAll } from "./harness.mjs";
import { fillLikeAPerson, settle } from "./person.mjs";

const LIMIT = { timeout: 240_000 };
let dir, proc, base, browser;

before(async () => {
  let db;
  ({ dir, db } = freshDatabase("aii-e2e-print-"));
  ({ proc, url: base } = await startServer([...db, ...SELECTION, "--static-dir", staticDir]));
  browser = await launchBrowser();
});

after(() => stopAll({ browser, proc, dir }));

/** The page printed to PDF as Chromium prints it (CDP `Page.printToPDF`), its pages' sizes in
 * points and its text (pdftotext, else Ghostscript's txtwrite). */
async function printed(page, name) {
  const pdfPath = join(dir, `${name}.pdf`);
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "screen" });
  const pdf = readFileSync(pdfPath).toString("latin1");
  const sizes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  // pdftotext (apt: poppler-utils) reads the CJK text as printed; Ghostscript's txtwrite, the
  // fallback, misreads some of the embedded CJK glyphs.
  let text;
  try {
    text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfPath, "-"], { encoding: "utf8", timeout: 60_000 });
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    text = execFileSync("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=txtwrite", "-sOutputFile=-", pdfPath], { encoding: "utf8", timeout: 60_000 });
  }
  // A rasterised first page, to look at (AII_E2E_SHOTS).
  const shots = process.env.AII_E2E_SHOTS;
  if (shots) {
    execFileSync("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r70", "-dFirstPage=1", "-dLastPage=1", `-sOutputFile=${join(shots, `${name}-page1.png`)}`, pdfPath]);
    const last = sizes.length;
    execFileSync("gs", ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r70", `-dFirstPage=${last}`, `-dLastPage=${last}`, `-sOutputFile=${join(shots, `${name}-last.png`)}`, pdfPath]);
  }
  return { sizes, text: text.replace(/\s+/g, "") };
}

test("the application's answers print as a 申请书 to sign and seal, from the form and from the receipt", LIMIT, async () => {
  const doc = example("application");
  const page = await openEmpty(browser, `${base}/apply/application`);
  await fillLikeAPerson(page, doc);
  await settle(page);

  // From the form: "打印申请书" opens the print view of what is typed now.
  await page.getByRole("button", { name: "打印申请书", exact: true }).click();
  await page.waitForURL(/\/apply\/application\/print$/);
  const sheet = page.locator("#application-doc");
  await sheet.waitFor();
  assert.equal(await page.locator("#doc-title").textContent(), "实训基地申请书");
  await sheet.getByText(doc.unit.name).first().waitFor();
  await shot(page, "print-draft");
  const draft = await printed(page, "application-draft");
  assert.ok(draft.sizes.length >= 2, `several pages: ${draft.sizes.length}`);
  for (const [w, h] of draft.sizes) {
    assert.ok(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `A4 portrait: ${w} x ${h}`);
  }
  for (const want of ["实训基地申请书", "一、责任单位", doc.unit.name, doc.unit.uscc, doc.contact.name, doc.instructors[0].name, doc.research_outputs[0].title, "负责人签字", "单位盖章", "年月日"]) {
    assert.ok(draft.text.includes(want.replace(/\s+/g, "")), `the printed text holds ${want}: ${draft.text.slice(0, 300)}`);
  }
  // The unit's kind by its label, not its code.
  assert.ok(draft.text.includes("高等学校") && !draft.text.includes(doc.unit.kind), "a choice prints as its label");

  // Back to the form, which still holds every answer; submitted, the receipt's page prints the
  // stored document with its id.
  await page.locator("#doc-back").click();
  await page.waitForURL(/\/apply\/application$/);
  await page.locator("#f-unit-name").waitFor();
  assert.equal(await page.locator("#f-unit-name").inputValue(), doc.unit.name);
  await settle(page);
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.locator("#receipt").waitFor({ timeout: 15_000 });
  const [, id] = page.url().match(/\/status\/([^#]+)#/);
  await page.locator("#print-submission").click();
  await page.waitForURL(new RegExp(`/status/${id}/print#`));
  await page.locator("#application-doc").waitFor();
  assert.match(await page.locator("#doc-meta").textContent(), new RegExp(id));
  await shot(page, "print-stored");
  const stored = await printed(page, "application-stored");
  for (const want of ["实训基地申请书", id, doc.unit.name, "单位盖章"]) {
    assert.ok(stored.text.includes(want), `the stored document's print holds ${want}`);
  }

  // Someone without the receipt gets nothing.
  const stranger = await openEmpty(browser, `${base}/status/${id}/print#${"0".repeat(64)}`);
  await stranger.getByText("没有与该编号和回执码相符的提交。").waitFor();
  assert.equal(await stranger.locator("#application-doc").count(), 0);
  await stranger.context().close();
  await page.context().close();
});
