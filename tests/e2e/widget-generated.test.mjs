// Parity at scale, WASM side: the forms that `shared/tests/generated_parity.rs` generated (a
// proptest generator of plausible forms; 1,000 in `cargo test`, 12,000+ through
// scripts/reliability.sh) go through the widget's WASM build as served (dist/embed/, built by
// scripts/build-rules-wasm.sh) as the widget's module passes them (its `toTape` of the parsed
// document), and every report and field report must be the native one byte for byte.
// Needs the file the native test wrote: $PARITY_OUT, else target/tmp/generated-parity.jsonl.
// Run by scripts/test.sh (node --test tests/e2e/), after `cargo test` and the bundle build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = new URL("../../", import.meta.url).pathname;
const corpus = process.env.PARITY_OUT || join(root, "target/tmp/generated-parity.jsonl");

async function loadWidget() {
  // The glue as served (dist/embed/aii_rules.js), instantiated with the same .wasm bytes a
  // browser would fetch; the served module beside it shares it.
  const mod = await import(pathToFileURL(join(root, "dist/embed/aii_rules.js")).href);
  await mod.default({ module_or_path: readFileSync(join(root, "dist/embed/aii_rules_bg.wasm")) });
  return mod;
}

test("generated forms: the WASM build's reports are the native ones, byte for byte", async () => {
  assert.ok(existsSync(corpus), `${corpus} is missing: run cargo test -p aii-rules --test generated_parity first`);
  assert.ok(existsSync(join(root, "dist/embed/aii_rules_bg.wasm")), "dist/embed is missing: run scripts/build-rules-wasm.sh");
  const { checkTape } = await loadWidget();
  const { toTape } = await import(pathToFileURL(join(root, "dist/embed/aii-validator.js")).href);
  let forms = 0;
  let valid = 0;
  const mismatches = [];
  const lines = createInterface({ input: createReadStream(corpus), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const f = JSON.parse(line);
    forms += 1;
    const doc = JSON.parse(f.doc);
    const report = checkTape(...toTape([f.kind, f.locale, f.today, null], doc));
    if (report !== f.report) mismatches.push({ form: forms, what: "report", wasm: report, native: f.report });
    const field = checkTape(...toTape([f.kind, f.locale, f.today, f.pointer], doc));
    if (field !== f.field) mismatches.push({ form: forms, what: `field ${f.pointer}`, wasm: field, native: f.field });
    if (JSON.parse(report).valid) valid += 1;
  }
  console.log(`${forms} generated forms through the WASM build: ${valid} valid, ${mismatches.length} reports differing`);
  assert.ok(forms >= 1000, `only ${forms} forms in ${corpus}`);
  assert.ok(valid > 0 && valid < forms, "the generator gives both verdicts");
  assert.deepEqual(mismatches.slice(0, 3), [], `${mismatches.length} of ${forms} forms differ`);
});
