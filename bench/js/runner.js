// Shared by the Node and the Chromium benchmarks (plain ES module, no Node or DOM API).

/** A small deterministic generator (mulberry32): the same changes in every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
export const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

/**
 * Throughput of contenders over one corpus, in interleaved rounds (round r runs every contender
 * once, in a rotating order), so a change of the machine's load hits all of them alike. Each
 * pass validates the whole corpus; the figure is the median of the passes in documents per
 * second. `run()` returns a number that is added to a sink, so no work is optimised away.
 */
export function throughput(contenders, docs, { rounds = 15, warmup = 2, now }) {
  const passes = Object.fromEntries(contenders.map((c) => [c.name, []]));
  let sink = 0;
  for (let r = -warmup; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + Math.max(r, 0)) % contenders.length];
      const t0 = now();
      sink += c.run();
      const ms = now() - t0;
      if (r >= 0) passes[c.name].push((docs * 1000) / ms);
    }
  }
  const out = {};
  for (const c of contenders) {
    const xs = [...passes[c.name]].sort((a, b) => a - b);
    out[c.name] = { docsPerSec: median(xs), min: xs[0], max: xs[xs.length - 1], passes: xs.length };
  }
  out.sink = sink;
  return out;
}

/** The leaf fields of an application document a person types into: [pointer, kind]. */
export function leafFields(doc, prefix = "") {
  const out = [];
  for (const [k, v] of Object.entries(doc)) {
    const p = `${prefix}/${k}`;
    if (Array.isArray(v)) v.forEach((item, i) => {
      if (item !== null && typeof item === "object") out.push(...leafFields(item, `${p}/${i}`));
      else out.push([`${p}/${i}`, typeof item]);
    });
    else if (v !== null && typeof v === "object") out.push(...leafFields(v, p));
    else out.push([p, v === null ? "string" : typeof v]);
  }
  return out;
}

const TYPED = "实训基地建设覆盖网络互联平台运维与安全防护面向区域制造企业开展岗位能力培训0123456789abcdefghij";

/**
 * `n` changes of different fields of a document, as a person typing makes them: a text field
 * grows by one character per change (and restarts after 40), a number gets a new value, a
 * checkbox flips. Deterministic.
 */
export function changes(doc, n, seed = 7) {
  const rand = rng(seed);
  const fields = leafFields(doc);
  const state = new Map();
  const out = [];
  for (let i = 0; i < n; i++) {
    const [ptr, type] = fields[Math.floor(rand() * fields.length)];
    if (type === "number") out.push([ptr, "int", Math.floor(rand() * 300)]);
    else if (type === "boolean") {
      const b = !(state.get(ptr) ?? true);
      state.set(ptr, b);
      out.push([ptr, "bool", b]);
    } else {
      let s = state.get(ptr) ?? "";
      s = s.length >= 40 ? "" : s + TYPED[Math.floor(rand() * TYPED.length)];
      state.set(ptr, s);
      out.push([ptr, "text", s]);
    }
  }
  return out;
}

/** Sets a JSON Pointer in a plain JS document (existing parents). */
export function setPointer(doc, ptr, value) {
  const parts = ptr.split("/").slice(1);
  let cur = doc;
  for (const p of parts.slice(0, -1)) cur = cur[p];
  cur[parts[parts.length - 1]] = value;
}

/** Distribution of per-change times (µs) from per-call timings, from batch means, and from
 * each change timed over `repeat` applications in a row (the change, then the same value set
 * again: the re-check of an unchanged field, the same work with warm caches), which resolves a
 * change's own time to `step / repeat` when the timer's step is coarse. */
export function keystrokes(apply, list, { now, batch = 50, passes = 3, warmup = 1000, repeat = 20 }) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += apply(list[i % list.length]);
  const single = [];
  const batches = [];
  for (let p = 0; p < passes; p++) {
    // One pass timing every call on its own…
    for (const c of list) {
      const t0 = now();
      sink += apply(c);
      single.push((now() - t0) * 1000);
    }
    // …and one timing batches of consecutive changes (finer than the timer's resolution).
    for (let i = 0; i + batch <= list.length; i += batch) {
      const t0 = now();
      for (let j = i; j < i + batch; j++) sink += apply(list[j]);
      batches.push(((now() - t0) * 1000) / batch);
    }
  }
  const repeated = [];
  for (const c of list) {
    const t0 = now();
    for (let r = 0; r < repeat; r++) sink += apply(c);
    repeated.push(((now() - t0) * 1000) / repeat);
  }
  const s = [...single].sort((a, b) => a - b);
  const b = [...batches].sort((a, b) => a - b);
  const r = [...repeated].sort((a, b) => a - b);
  return {
    changes: list.length * passes,
    perCall: { median: quantile(s, 0.5), p90: quantile(s, 0.9), p99: quantile(s, 0.99), max: s[s.length - 1], n: s.length },
    batchMeans: { batch, median: quantile(b, 0.5), p99: quantile(b, 0.99), max: b[b.length - 1], n: b.length },
    repeated: { repeat, median: quantile(r, 0.5), p90: quantile(r, 0.9), p99: quantile(r, 0.99), n: r.length },
    sink,
  };
}

/** The smallest step of a clock (how coarse `performance.now()` is here). */
export function resolution(now) {
  let best = Infinity;
  for (let i = 0; i < 200; i++) {
    const a = now();
    let b = now();
    while (b === a) b = now();
    best = Math.min(best, b - a);
  }
  return best * 1000; // µs
}
