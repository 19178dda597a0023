// node scripts/bench/widget-speed.mjs [dist dir, default dist/rules]: µs per checkJson / checkFieldJson call on the spec's application example.
import { readFileSync } from "node:fs";
const root = new URL("../../", import.meta.url).pathname;
const dir = process.argv[2] ? new URL(process.argv[2], `file://${process.cwd()}/`).pathname : `${root}dist/rules`;
const { initSync, checkJson, checkFieldJson } = await import(`${dir}/aii_rules.js`);
initSync({ module: readFileSync(`${dir}/aii_rules_bg.wasm`) });
const text = readFileSync(`${root}shared/spec/examples/application.valid.json`, "utf8");
const doc = JSON.stringify(JSON.parse(text));
for (let round = 0; round < 3; round++) {
  let t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) checkJson("application", doc, "zh-CN", "2027-03-01");
  const whole = Number(process.hrtime.bigint() - t) / 5000 / 1000;
  t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) checkFieldJson("application", doc, "/facilities/simultaneous_trainees", "zh-CN", "2027-03-01");
  const field = Number(process.hrtime.bigint() - t) / 5000 / 1000;
  console.log(`checkJson ${whole.toFixed(1)} µs, checkFieldJson ${field.toFixed(1)} µs`);
}
