// node scripts/bench/widget-speed.mjs [embed dir, default dist/embed]: µs per call of the served
// module's `validate` and `validateField` (the object in, the report object out: what a page
// pays) on the spec's application example, three rounds of 5,000 calls each.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const root = new URL("../../", import.meta.url).pathname;
const dir = process.argv[2] ? new URL(process.argv[2], `file://${process.cwd()}/`).pathname : `${root}dist/embed`;
const { AiiValidator } = await import(pathToFileURL(`${dir}/aii-validator.js`).href);
const v = await AiiValidator.load(readFileSync(`${dir}/aii_rules_bg.wasm`));
const doc = JSON.parse(readFileSync(`${root}shared/spec/examples/application.valid.json`, "utf8"));
const opts = { locale: "zh-CN", today: "2027-03-01" };
for (let round = 0; round < 3; round++) {
  let t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) v.validate("application", doc, opts);
  const whole = Number(process.hrtime.bigint() - t) / 5000 / 1000;
  t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) v.validateField("application", doc, "/facilities/simultaneous_trainees", opts);
  const field = Number(process.hrtime.bigint() - t) / 5000 / 1000;
  console.log(`validate ${whole.toFixed(1)} µs, validateField ${field.toFixed(1)} µs`);
}
