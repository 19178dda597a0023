// Summarises a Chromium trace (CDP Tracing, the categories forms.mjs asks for) within time
// windows: the renderer main thread's self time by trace event and by DevTools-like phase, and
// the sampled profile's functions by self time. Plain ES module, no dependency.
const r1 = (x) => Math.round(x * 100) / 100;

/**
 * Self time on the main thread `thread` ({pid, tid}: the thread of the navigation's or the
 * marks' event) by trace event name and by phase, and by sampled function (when the trace
 * has V8's samples), inside `windows` ([start, end] pairs in the trace's µs).
 */
export function summariseTrace(trace, windows, thread) {
  const events = trace.traceEvents || trace;
  const main = `${thread.pid}:${thread.tid}`;
  const inside = (ts) => windows.some(([a, b]) => ts >= a && ts <= b);
  // Self time by event name: complete events (X) of the main thread, nested by time.
  const xs = events.filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === main && e.dur > 0).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    // A task (category toplevel) is named by where it was posted from.
    e.key = e.args?.src_func ? `${e.name} (${e.args.src_func}, ${String(e.args.src_file).split("/").slice(-2).join("/")})` : e.name;
    if (inside(e.ts)) {
      self.set(e.key, (self.get(e.key) || 0) + e.dur);
      if (parent && inside(parent.ts)) self.set(parent.key, self.get(parent.key) - Math.min(e.dur, parent.ts + parent.dur - e.ts));
    }
    stack.push(e);
  }
  // The sampled profile: ProfileChunk events of the profiles V8 started on the main thread
  // (any of the renderer's, when none is tagged with it).
  const nodes = new Map();
  const fnSelf = new Map();
  const [pid, tid] = main.split(":").map(Number);
  const clocks = new Map();
  for (const e of events) if (e.pid === pid && e.name === "Profile" && e.args?.data?.startTime !== undefined) clocks.set(e.id, { t: e.args.data.startTime, tid: e.tid });
  const mine = [...clocks].filter(([, c]) => c.tid === tid).map(([id]) => id);
  const ids = new Set(mine.length ? mine : [...clocks.keys()]);
  for (const e of events) {
    if (e.pid !== pid || e.name !== "ProfileChunk" || !ids.has(e.id)) continue;
    const d = e.args.data;
    const c = clocks.get(e.id);
    for (const n of d.cpuProfile?.nodes || []) nodes.set(`${e.id}:${n.id}`, n);
    const samples = d.cpuProfile?.samples || [];
    const deltas = d.timeDeltas || [];
    for (let i = 0; i < samples.length; i++) {
      c.t += deltas[i] || 0;
      const next = deltas[i + 1] || 0;
      if (!inside(c.t)) continue;
      const cf = nodes.get(`${e.id}:${samples[i]}`)?.callFrame || {};
      const name = cf.functionName || "(anonymous)";
      // Native time outside JS and WASM (the rendering among it) and idle time: in the phases.
      if (!cf.url && ["(program)", "(idle)", "(root)"].includes(name)) continue;
      const where = cf.url ? cf.url.replace(/^https?:\/\/[^/]+/, "") : "";
      const key = `${name}${where ? ` (${where})` : ""}`;
      fnSelf.set(key, (fnSelf.get(key) || 0) + next);
    }
  }
  // The events grouped as DevTools' summary groups them.
  const PHASES = [
    ["WASM compile", /^v8\.wasm|wasm/i],
    ["script parse and compile", /^(v8\.compile|v8\.parseOnBackground|V8\.CompileCode|v8\.compileModule|CompileScript|v8\.produceCache|v8\.produceModuleCache)/],
    ["garbage collection", /GC|MinorGC|MajorGC|V8\.GC/],
    ["scripting", /^(FunctionCall|EvaluateScript|v8\.evaluateModule|RunMicrotasks|v8\.callFunction|v8\.run|V8\.StackGuard|TimerFire|EventDispatch|FireAnimationFrame|v8\.execute|XHRReadyStateChange|FireIdleCallback|v8\.newInstance|ResourceReceivedData|v8\.callModuleMethod)/],
    ["style", /^(UpdateLayoutTree|RecalcStyle|ParseAuthorStyleSheet|ScheduleStyleRecalculation|InvalidateLayout|StyleInvalidatorInvalidationTracking)/],
    ["layout", /^(Layout|UpdateLayout)$/],
    ["paint and commit", /^(PrePaint|Paint|Layerize|Commit|UpdateLayer|PaintImage|CompositeLayers|UpdateLayerTree|RasterTask|Decode Image)/],
    ["HTML parse", /^(ParseHTML|HTMLDocumentParser)/],
  ];
  const phases = new Map();
  for (const [name, us] of self) {
    const phase = /FormControlDidChange/.test(name) ? "form bookkeeping (FormControlDidChange)" : (PHASES.find(([, re]) => re.test(name))?.[0] ?? "other (task overhead, loading, DOM)");
    phases.set(phase, (phases.get(phase) || 0) + us);
  }
  const total = windows.reduce((s, [a, b]) => s + (b - a), 0);
  const top = (m, n) =>
    [...m]
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: r1(us / 1000) }));
  const sampled = [...fnSelf.values()].reduce((a, b) => a + b, 0);
  return { windowMs: r1(total / 1000), phases: top(phases, 10), events: top(self, 15), jsAndWasmMs: r1(sampled / 1000), functions: top(fnSelf, 25) };
}
