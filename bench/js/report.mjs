// Turns one run of scripts/bench-peers.sh into a Markdown block: reads criterion's estimates
// (native) and the JSON the JS benchmarks printed. Every ratio is computed from figures of the
// same run. Usage: node bench/js/report.mjs <out dir of the run> <criterion dir>
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { formsMarkdown } from "./forms-summary.js";

const [out, criterion] = process.argv.slice(2);
const read = (f) => (existsSync(join(out, f)) ? JSON.parse(readFileSync(join(out, f), "utf8")) : null);
const machine = read("machine.json");
const manifest = read("corpus/manifest.json");
const forms = manifest.forms.map((f) => f.kind);
const fmt = (x, d = 0) => (x == null || Number.isNaN(x) ? "—" : x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }));
const ratio = (a, b) => (a && b ? `**${(a / b).toFixed(2)}×**` : "—");
const lines = [];
const p = (s = "") => lines.push(s);

p(`Run of ${machine.date} — ${machine.cpu}, \`nproc\` ${machine.nproc}, commit ${machine.commit}${machine.dirty ? " (with uncommitted changes)" : ""}.`);
p(`Corpus: seed ${manifest.seed}, ${forms.map((k) => { const f = manifest.forms.find((x) => x.kind === k); return `${k} ${f.docs} docs (${f.valid} valid, ${f.invalid_structural} structurally invalid, ${f.invalid_rules_only} invalid by rules only; ${fmt(f.bytes / f.docs)} B/doc)`; }).join("; ")}.`);
p();

// Native
const est = (kind, id) => {
  const f = join(criterion, `peers-${kind}`, id, "new", "estimates.json");
  return existsSync(f) ? JSON.parse(readFileSync(f, "utf8")).median.point_estimate : null; // ns per pass
};
if (machine.load.native && existsSync(join(criterion, `peers-${forms[0]}`))) {
  p(`**Native** (criterion, one group per form, load before: ${machine.load.native}). Documents per second (median pass over the corpus):`);
  p();
  p("| form | aii check | jsonschema, all errors | ratio | jsonschema is_valid | ratio | aii parse+check (text) | jsonschema parse+all errors | ratio | aii shape walk only | ÷ jsonschema all errors |");
  p("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const k of forms) {
    const n = manifest.forms.find((x) => x.kind === k).docs;
    const dps = (id) => { const ns = est(k, id); return ns ? (n * 1e9) / ns : null; };
    const [a, j, v, at, jt, st] = ["aii_check", "jsonschema_all_errors", "jsonschema_is_valid", "aii_parse_check", "jsonschema_parse_all_errors", "aii_structural_only"].map(dps);
    p(`| ${k} | ${fmt(a)}/s | ${fmt(j)}/s | ${ratio(a, j)} | ${fmt(v)}/s | ${ratio(a, v)} | ${fmt(at)}/s | ${fmt(jt)}/s | ${ratio(at, jt)} | ${fmt(st)}/s | ${ratio(st, j)} |`);
  }
  p();
}

// Native, by instruction counts (callgrind; the same in every run)
const ir = read("instructions.json");
if (ir) {
  p("**Native, instructions** (`valgrind --tool=callgrind`, one counted pass over each form's corpus after an uncounted one; repeatable to < 0.01 %). Instructions per document; the ratio is the peer's count over ours (above 1× we do less work):");
  p();
  p("| form | aii check | jsonschema, all errors | ratio | aii parse+check (text) | jsonschema parse+all errors | ratio | aii shape walk only | 3× goal: the whole check within | rules and report (check − walk) |");
  p("|---|---|---|---|---|---|---|---|---|---|");
  for (const k of forms) {
    const n = manifest.forms.find((x) => x.kind === k).docs;
    const per = (id) => (ir[`${k}/${id}`] ? ir[`${k}/${id}`] / n : null);
    const [a, j, at, jt, w] = ["aii_check", "jsonschema_all_errors", "aii_parse_check", "jsonschema_parse_all_errors", "aii_structural_only"].map(per);
    p(`| ${k} | ${fmt(a)} | ${fmt(j)} | ${ratio(j, a)} | ${fmt(at)} | ${fmt(jt)} | ${ratio(jt, at)} | ${fmt(w)} | ${fmt(j && j / 3)} | ${fmt(a && w && a - w)} |`);
  }
  p();
  p("The shape walk is the part of our check that does what the schema does (types, unknown fields, lengths, dates); the rest is the Measures' rules, each issue's message and the report's order.");
  p();
}

// JS throughput
for (const [file, label, loadKey] of [["node.json", "Node", "node"], ["browser.json", "Chromium", "browser"]]) {
  const r = read(file);
  if (!r) continue;
  const t = r.throughput ?? r;
  const runtime = r.browser ?? t.runtime;
  p(`**JS, ${label}** (${runtime}; load before: ${machine.load[loadKey]}). Documents per second, median of 15 interleaved passes over the corpus:`);
  p();
  p("| form | widget `validate` (object) | JSON.parse + `validate` (text) | ajv allErrors (object) | ajv JSON.parse + allErrors (text) | validate ÷ ajv | from text ÷ ajv from text | floor: stringify + encodeInto, no check | floor ÷ ajv |");
  p("|---|---|---|---|---|---|---|---|---|");
  for (const k of forms) {
    const f = t.forms[k];
    const [w, c, a, at, fl] = ["aii_widget_validate", "aii_parse_validate", "ajv_all_errors", "ajv_parse_all_errors", "boundary_floor"].map((n) => f[n]?.docsPerSec);
    p(`| ${k} | ${fmt(w)}/s | ${fmt(c)}/s | ${fmt(a)}/s | ${fmt(at)}/s | ${ratio(w, a)} | ${ratio(c, at)} | ${fmt(fl)}/s | ${ratio(fl, a)} |`);
  }
  p();
  p("The floor moves each object into bytes, as a WASM validator must before its first rule, and checks nothing: where it is below 1× ajv, ajv's whole validation of an object is faster than handing that object to WASM.");
  p();
}

// Keystroke
const b = read("browser.json");
if (b?.keystroke) {
  const k = b.keystroke;
  p(`**Per keystroke** (Chromium, application form, ${fmt(k.app.changes)} changes over ${k.fields} different fields; page cross-origin isolated: ${k.crossOriginIsolated}, \`performance.now()\` step ${fmt(k.timerResolutionUs, 1)} µs; load before: ${machine.load.browser}). µs per change:`);
  p();
  const rep = k.app.repeated ? k.app.repeated.repeat : 0;
  p(`| path | median (per-call timings) | p90 | p99 | max | median of batch means (50 changes) | p99 of batch means |${rep ? ` median, each change timed ×${rep} | p90 (×${rep}) | p99 (×${rep}) |` : ""}`);
  p(`|---|---|---|---|---|---|---|${rep ? "---|---|---|" : ""}`);
  for (const [name, r] of [["app: set + `check_field` + merge, document in WASM (bench/keystroke)", k.app], ["widget: `validateField` (toTape → `checkTape` with the pointer → JSON.parse)", k.widget]]) {
    const x = r.repeated ? ` ${fmt(r.repeated.median, 2)} | ${fmt(r.repeated.p90, 2)} | ${fmt(r.repeated.p99, 2)} |` : "";
    p(`| ${name} | ${fmt(r.perCall.median, 1)} | ${fmt(r.perCall.p90, 1)} | ${fmt(r.perCall.p99, 1)} | ${fmt(r.perCall.max, 0)} | ${fmt(r.batchMeans.median, 1)} | ${fmt(r.batchMeans.p99, 1)} |${x}`);
  }
  if (rep) {
    p();
    p(`"Each change timed ×${rep}": the change, then the same value set ${rep - 1} more times (each a full set + re-check + merge of an unchanged field: the same work with warm caches), the total divided by ${rep}, so a change's own time is resolved to ${fmt(k.timerResolutionUs / rep, 2)} µs.`);
  }
  p();
}

// Page
const pg = read("pageload.json");
if (pg) {
  p(`**Page** (${pg.browser}; \`/apply/application\` from the release server on localhost, ${pg.loads} cold loads, each a fresh context; app WASM ${fmt(pg.wasmBytes)} B on the wire; load before: ${machine.load.page}). ms from navigation start:`);
  p();
  p("| milestone | median | min | max |");
  p("|---|---|---|---|");
  for (const [name, d] of [["DOMContentLoaded", pg.domContentLoaded], ["app WASM downloaded", pg.wasmEnd], [`interactive (first field \`${pg.field}\` present and enabled)`, pg.interactive], ["capacity typed and left → its message shown", pg.checked]]) {
    p(`| ${name} | ${fmt(d.median, 1)} | ${fmt(d.min, 1)} | ${fmt(d.max, 1)} |`);
  }
  p();
}
// Our app against RJSF (bench/js/forms.mjs)
const fm = read("forms.json");
if (fm) {
  p(`**Forms, our app against react-jsonschema-form** (the same server and browser; load before: ${machine.load.forms}):`);
  p();
  p(formsMarkdown(fm));
  p();
}
// Server (scripts/bench-server.sh and scripts/bench/server-instructions.sh wrote Markdown)
const server = join(out, "server.md");
if (existsSync(server)) {
  p(`**Server** (load before: ${machine.load.server}):`);
  p(readFileSync(server, "utf8").trimEnd());
  p();
}
console.log(lines.join("\n"));
