// Screenshots of each form, filled with errors and without, into docs/ (README and reviewers
// see the product without running it). Needs the built app (scripts/build-app.sh) and a
// server binary: AII_SERVER_BIN=target/release/aii-server node scripts/screenshots.mjs
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("../", import.meta.url).pathname;
const server = process.env.AII_SERVER_BIN || join(root, "target/release/aii-server");
const example = (name) => JSON.parse(readFileSync(join(root, `shared/spec/examples/${name}.valid.json`), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "aii-shots-"));
const common = ["--database-url", `sqlite://${dir}/aii.db`, "--today", "2027-03-01", "--cycle", "2027", "--window-opens", "2027-01-01", "--window-closes", "2027-12-31"];
const baseId = execFileSync(server, [...common, "register-base", "--file", join(root, "server/examples/base.json")], { encoding: "utf8" }).trim().split(/\s+/).pop();
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const proc = spawn(server, [...common, "--listen", `127.0.0.1:${port}`, "--static-dir", join(root, "dist")], { stdio: "ignore", env: { ...process.env, RUST_LOG: "warn" } });
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(`${base}/api/v1/healthz`)).ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
mkdirSync(join(root, "docs"), { recursive: true });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"] });

async function shot(name, path, kind, doc, { width = 1280, submit = false, after } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(base + path);
  if (doc) {
    await page.evaluate(([k, d]) => localStorage.setItem(`aii.draft.${k}`, JSON.stringify({ doc: d, idempotency_key: crypto.randomUUID() })), [kind, doc]);
    await page.reload();
  }
  if (submit) {
    await page.getByRole("button", { name: "提交" }).click();
    await page.waitForTimeout(600);
  }
  if (after) await after(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(root, "docs", `${name}.png`), fullPage: true });
  await context.close();
  console.log(`docs/${name}.png`);
}

const app = example("application");
await shot("application-valid", "/apply/application", "application", app);
const appBad = structuredClone(app);
appBad.facilities.simultaneous_trainees = 12;
appBad.unit.uscc = "12310104729436482E";
appBad.base_short_name = "长三角智造实训基地";
appBad.instructors[0].fixed = false; appBad.instructors[1].fixed = false;
appBad.declaration = false;
await shot("application-errors", "/apply/application", "application", appBad, { submit: true });
await shot("application-mobile", "/apply/application", "application", appBad, { width: 360, submit: true });

const da = example("director_appointment");
da.base_id = baseId;
await shot("director-appointment-valid", "/apply/director-appointment", "director_appointment", da);
const daBad = structuredClone(da);
daBad.appointee.birth_date = "1962-05-01";
daBad.on_site_months_per_year = 2;
daBad.on_site_note = "兼任企业研发负责人，寒暑假集中授课两个月";
daBad.term_end = "2029-08-31";
await shot("director-appointment-warnings", "/apply/director-appointment", "director_appointment", daBad, { submit: true });

const dc = example("direction_change");
dc.base_id = baseId;
await shot("direction-change-valid", "/apply/direction-change", "direction_change", dc);
const dcBad = structuredClone(dc);
dcBad.requested_directions = ["security.operations", "network.implementation"];
dcBad.reason = "发展需要。";
await shot("direction-change-errors", "/apply/direction-change", "direction_change", dcBad, { submit: true });

await browser.close();
proc.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });
// The PNGs are then reduced to 128-colour palettes (python3 + Pillow) to keep the repository small:
//   python3 -c "from PIL import Image; import glob; [Image.open(f).convert('RGB').quantize(colors=128).save(f, optimize=True) for f in glob.glob('docs/*.png')]"
