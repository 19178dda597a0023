// The Markdown of one run of bench/js/forms.mjs (its JSON): every figure of our app beside
// RJSF's from the same run, and the ratio ours ÷ RJSF (below 1: ours takes less time or fewer
// bytes). Shared by forms.mjs (printed as it ends) and report.mjs (scripts/bench-peers.sh).
const f = (x, d = 1) => (x == null || Number.isNaN(x) ? "—" : x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }));
const q = (a, b) => (a && b ? `**${(a / b).toFixed(2)}**` : "—");

export function formsMarkdown(r) {
  const lines = [];
  const p = (s = "") => lines.push(s);
  const kinds = [...new Set(Object.keys(r.keystroke).map((k) => k.split(" ")[0]))];
  p(`| figure (${r.browser}; ${r.loads} cold loads, ${r.rounds} rounds of edits) | CPU | our app | RJSF | ours ÷ RJSF |`);
  p("|---|---|---|---|---|");
  for (const kind of kinds) {
    for (const rate of r.rates) {
      const a = r.load[`${kind} ×${rate} ours`];
      const b = r.load[`${kind} ×${rate} rjsf`];
      p(`| ${kind}: cold load → first input enabled, median ms (min–max) | ×${rate} | ${f(a.interactive.p50)} (${f(a.interactive.min)}–${f(a.interactive.max)}) | ${f(b.interactive.p50)} (${f(b.interactive.min)}–${f(b.interactive.max)}) | ${q(a.interactive.p50, b.interactive.p50)} |`);
    }
    const a = r.load[`${kind} ×${r.rates[0]} ours`];
    const b = r.load[`${kind} ×${r.rates[0]} rjsf`];
    p(`| ${kind}: bytes transferred by the load (headers included) | — | ${f(a.bytes.p50, 0)} | ${f(b.bytes.p50, 0)} | ${q(a.bytes.p50, b.bytes.p50)} |`);
    for (const rate of r.rates) {
      const k = r.keystroke[`${kind} ×${rate}`];
      for (const s of ["p50", "p95"]) {
        p(`| ${kind}: keystroke → message, ${s} ms (${k.ours.work.n} edits each) | ×${rate} | ${f(k.ours.work[s])} | ${f(k.rjsf.work[s])} | ${q(k.ours.work[s], k.rjsf.work[s])} |`);
      }
      for (const e of k.edits) {
        const x = k.ours.byEdit[e.name].work;
        const y = k.rjsf.byEdit[e.name].work;
        p(`| … ${e.name}, p50${e.schemaSees ? "" : " (RJSF shows nothing: its change committed)"} | ×${rate} | ${f(x.p50)} | ${f(y.p50)} | ${q(x.p50, y.p50)} |`);
      }
      p(`| … message in the DOM only (no frame), p50 | ×${rate} | ${f(k.ours.met.p50)} | ${f(k.rjsf.met.p50)} | ${q(k.ours.met.p50, k.rjsf.met.p50)} |`);
      p(`| … to the next animation frame (the 60 Hz vsync wait in), p50 | ×${rate} | ${f(k.ours.frame.p50)} | ${f(k.rjsf.frame.p50)} | ${q(k.ours.frame.p50, k.rjsf.frame.p50)} |`);
      p(`| … the value restored → message gone, p50 | ×${rate} | ${f(k.ours.cleared.p50)} | ${f(k.rjsf.cleared.p50)} | ${q(k.ours.cleared.p50, k.rjsf.cleared.p50)} |`);
    }
  }
  p();
  p("Keystroke → message: from just before one dispatched `input` to the message in the DOM, plus the rendering (style, layout, paint) of the next frame; the wait for that frame's vsync is left out (it is the keystroke's phase against a 60 Hz clock, 0–16.7 ms, the same for both).");
  if (r.profile) {
    p();
    p(`**Where the time goes** (CDP trace, CPU ×${Math.max(...r.rates)}; main-thread self time in ms, a load's the mean of the traced loads, a keystroke's per edit; JS and WASM functions from a second pass with V8's sampler, with the WASM's names kept: shares, not timings):`);
    p();
    for (const [k, v] of Object.entries(r.profile)) {
      const x = v.perEdit ?? v;
      const head = v.perEdit ? `${k} (${v.edits} edits, p50 ${f(v.work.p50)} ms traced; \`value\` written from JS into ${f(v.valueWritesPerEdit.p50, 0)} of ${v.fields} fields an edit, p50)` : `${k} (${v.loads} loads, first input at ${f(v.interactive)} ms traced, median)`;
      const fns = v.sampled.functions.slice(0, 8).map((e) => `\`${e.name.replace(/::h[0-9a-f]{16}/g, "")}\` ${f(e.ms)}`).join("; ");
      p(`- ${head}. Phases: ${x.phases.map((e) => `${e.name} ${f(e.ms)}`).join("; ")}. Events: ${x.events.slice(0, 6).map((e) => `${e.name} ${f(e.ms)}`).join("; ")}. JS and WASM ${f(v.sampled.jsAndWasmMs)}: ${fns}.`);
    }
  }
  return lines.join("\n");
}
