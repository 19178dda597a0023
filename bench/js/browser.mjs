// Issue 7 in headless Chromium: the JS throughput benchmark (widget vs ajv) and the
// per-keystroke benchmark, on a page served cross-origin isolated (COOP + COEP headers), so
// performance.now() has Chromium's finest resolution (5 µs instead of 100 µs). Prints JSON.
// Usage: node bench/js/browser.mjs <bench-js dir> <corpus dir> [keystroke changes]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";
import { ajvModule } from "./ajv-standalone.mjs";

const [dir, corpusDir, nChanges = "12000"] = process.argv.slice(2);
const here = new URL(".", import.meta.url).pathname;
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".jsonl": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8" };

const ajvModules = {};
function file(path) {
  if (path === "/") return ["<!doctype html><meta charset=utf-8><title>aii bench</title><body><script type=module src=/js/page.js></script>", ".html"];
  const m = path.match(/^\/ajv\/(\w+)\.mjs$/);
  if (m) {
    ajvModules[m[1]] ??= ajvModule(JSON.parse(readFileSync(join(corpusDir, `${m[1]}.schema.json`), "utf8")));
    return [ajvModules[m[1]], ".mjs"];
  }
  const roots = [["/js/", here], ["/widget/", join(dir, "widget/")], ["/keystroke/", join(dir, "keystroke/")], ["/corpus/", corpusDir + "/"]];
  for (const [prefix, root] of roots) if (path.startsWith(prefix)) return [readFileSync(join(root, path.slice(prefix.length).replace(/\.\./g, ""))), extname(path)];
  return null;
}

const server = createServer((req, res) => {
  try {
    const found = file(new URL(req.url, "http://x").pathname);
    if (!found) return res.writeHead(404).end();
    res.writeHead(200, {
      "Content-Type": types[found[1]] || "application/octet-stream",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cache-Control": "no-store",
    });
    res.end(found[0]);
  } catch (e) {
    res.writeHead(404).end(String(e));
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.body.dataset.ready === "1");
  const out = { browser: `Chromium ${browser.version()}` };
  out.throughput = await page.evaluate(() => window.bench.throughput());
  out.keystroke = await page.evaluate((n) => window.bench.keystroke(n), Number(nChanges));
  console.log(JSON.stringify(out, null, 2));
} finally {
  await browser.close();
  server.close();
}
