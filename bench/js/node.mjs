// Issue 7, JS runtime in Node: the widget's validate (the dist/rules build) against ajv on the
// same corpus and schemas, in one run (interleaved rounds). Prints JSON.
// Usage: node bench/js/node.mjs <bench-js dir> <corpus dir>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { contenders } from "./contenders.js";
import { throughput } from "./runner.js";
import { ajvCompile } from "./ajv-standalone.mjs";

const [dir, corpusDir] = process.argv.slice(2);
// The widget module defines a custom element at load; Node has no DOM, so stand-ins.
globalThis.HTMLElement ??= class {};
globalThis.customElements ??= { get: () => true, define() {} };
const { AiiValidator } = await import(pathToFileURL(join(dir, "widget/aii-validator.js")));
const api = await AiiValidator.load(readFileSync(join(dir, "widget/aii_rules_bg.wasm")));
const manifest = JSON.parse(readFileSync(join(corpusDir, "manifest.json"), "utf8"));

const results = { runtime: `Node ${process.version}`, forms: {} };
for (const { kind } of manifest.forms) {
  const texts = readFileSync(join(corpusDir, `${kind}.jsonl`), "utf8").split("\n").filter(Boolean);
  const objs = texts.map((t) => JSON.parse(t));
  const ajv = ajvCompile(JSON.parse(readFileSync(join(corpusDir, `${kind}.schema.json`), "utf8")));
  const cs = contenders({ kind, texts, objs, api, ajv, today: manifest.today });
  results.forms[kind] = throughput(cs, objs.length, { now: () => performance.now() });
}
console.log(JSON.stringify(results, null, 2));
