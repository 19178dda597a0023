// The widget's WASM build as served (dist/embed/: the WASM, its glue widget/aii_rules.js and the
// module, built by scripts/build-rules-wasm.sh) in Node, against the native build: every document of the parity corpus (shared/tests/parity/corpus.jsonl, edits of the
// spec's examples) goes through `checkTape` as the widget sends it (the module's `toTape` of the
// parsed document), and the report's text must hash to what the native build recorded (shared/tests/parity/golden.txt,
// FNV-1a 64 of serde_json's text; see shared/tests/parity.rs); the served module
// (dist/embed/aii-validator.js) does the same through its API. Needs only dist/embed/ and the
// repository's files. Run by scripts/test.sh: node --test tests/e2e/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const read = (path) => readFileSync(new URL(path, root));
// The glue as served (widget/aii_rules.js, minified), which the module below shares.
const { default: init, checkTape } = await import(new URL("dist/embed/aii_rules.js", root).href);
const wasm = await init({ module_or_path: read("dist/embed/aii_rules_bg.wasm") });
// The module as served (minified): its `toTape` is how every call hands a document over.
const { AiiValidator, readForm, toTape } = await import(new URL("dist/embed/aii-validator.js", root).href);
// A call as the module makes it: its head (kind, locale, today, pointer or null), then the document.
const call = (kind, doc, pointer, locale, today) => checkTape(...toTape([kind, locale, today, pointer ?? null], doc));
const checkText = (kind, text, locale, today) => call(kind, JSON.parse(text), null, locale, today);
const checkFieldText = (kind, text, pointer, locale, today) => call(kind, JSON.parse(text), pointer, locale, today);

const TODAY = "2027-03-01"; // shared/tests/common/mod.rs
// The tests' today for a kind (`today_for` there): evaluations on the day the example's period is over.
const todayFor = (kind) => (kind === "evaluation" ? "2030-03-01" : TODAY);
const example = (kind) => JSON.parse(read(`shared/spec/examples/${kind}.valid.json`));
const corpus = read("shared/tests/parity/corpus.jsonl").toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const golden = read("shared/tests/parity/golden.txt").toString("utf8").split("\n").filter(Boolean);

/// FNV-1a 64 of a text's UTF-8 bytes, as 16 hex digits (shared/tests/common/mod.rs `fnv64`).
function fnv64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, "utf8")) {
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

const parseIndex = (seg) => (/^(0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : null);

/// `Value::set_pointer` (shared/src/json.rs), step for step: a null on the way becomes an
/// object, a missing key is added, an array grows by one at its length (or `-`); anything else
/// stops (having changed what it changed so far, as the Rust does).
function setPointer(doc, pointer, value) {
  if (pointer !== "" && !pointer.startsWith("/")) return doc;
  const segs = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  const holder = { v: doc };
  let parent = holder;
  let key = "v";
  for (const seg of segs) {
    let cur = parent[key];
    if (cur === null) {
      cur = {};
      parent[key] = cur;
    }
    if (Array.isArray(cur)) {
      const i = seg === "-" ? cur.length : parseIndex(seg);
      if (i === null) return holder.v;
      if (i === cur.length) cur.push(null);
      if (i >= cur.length) return holder.v;
      parent = cur;
      key = i;
    } else if (typeof cur === "object") {
      if (!Object.hasOwn(cur, seg)) cur[seg] = null;
      parent = cur;
      key = seg;
    } else {
      return holder.v;
    }
  }
  parent[key] = value;
  return holder.v;
}

const documents = corpus.map(({ kind, locale, set }) => {
  let doc = example(kind);
  for (const [pointer, value] of set) doc = setPointer(doc, pointer, value);
  return { kind, locale, text: JSON.stringify(doc), doc };
});

test("every corpus document gives the native build's report, byte for byte", () => {
  assert.equal(corpus.length, 1000);
  assert.equal(golden.length, 1000);
  const differ = [];
  documents.forEach(({ kind, locale, text }, i) => {
    const report = checkText(kind, text, locale, todayFor(kind));
    if (fnv64(report) !== golden[i]) differ.push(`corpus line ${i + 1} (${kind}, ${locale}): ${report.slice(0, 300)}`);
  });
  assert.deepEqual(differ, []);
});

test("a wrong call answers its reason after a `!` (the module throws it)", () => {
  assert.equal(checkText("no_such_form", "{}", "zh-CN", TODAY), "!unknown form kind");
  assert.equal(checkFieldText("application", "{}", "/cycle", "en", "2027-02-30"), "!today must be YYYY-MM-DD");
  assert.equal(checkText("director-appointment", "[]", "en", TODAY)[0], "{");
  // A tape the module never writes: cut short, with a string running past the text, or left over.
  const [head, headText] = toTape(["application", "en", TODAY, null]);
  assert.equal(checkTape([...head, 6, 1, 3], headText + "abc"), "!malformed tape");
  assert.equal(checkTape([...head, 4, 9], headText + "abc"), "!malformed tape");
  assert.equal(checkTape([...head, 0, 0], headText), "!malformed tape");
  assert.equal(checkTape(head, headText), "!malformed tape", "no document");
  assert.equal(checkTape([0], ""), "!malformed tape", "no head");
  assert.equal(checkTape(...toTape(["application", "en", TODAY], {})), "!malformed tape", "a head of three");
  assert.equal(checkTape(...toTape(["application", "en", TODAY, 5], {})), "!malformed tape", "a pointer neither text nor null");
  assert.equal(checkTape(...toTape(["application", "en", TODAY, "/a\uD800"], {})), "!malformed tape", "a pointer that is not Unicode");
});

test("a document reaches the rules as JSON.stringify would write it", () => {
  const base = example("director_appointment");
  // toJSON (a Date), boxed primitives, undefined and functions left out of objects and null in
  // arrays, non-finite numbers null, -0, text outside the BMP: the report is the one of the
  // JSON text's parse.
  const odd = {
    ...base,
    appointee: { ...base.appointee, birth_date: new Date(Date.UTC(1960, 4, 2)), name: new String("张𝄞"), title: undefined, extra: () => 1 },
    on_site_months_per_year: new Number(2),
    reappointment: new Boolean(false),
    recommenders: [...base.recommenders, undefined, NaN, Infinity, -0, Symbol("s")],
    age_note: "",
  };
  const plain = JSON.parse(JSON.stringify(odd));
  for (const locale of ["zh-CN", "en"]) {
    assert.equal(call("director_appointment", odd, null, locale, TODAY), checkText("director_appointment", JSON.stringify(plain), locale, TODAY));
  }
  // Nesting: 32 containers are read, the 33rd is refused as the JSON reader refuses it.
  const nest = (n) => (n === 0 ? 1 : [nest(n - 1)]);
  const report = (n) => JSON.parse(call("application", { ...example("application"), extra: nest(n) }, null, "en", TODAY));
  assert.ok(!report(31).issues.some((i) => i.rule === "input.too_deep"));
  assert.deepEqual(report(32).issues.map((i) => i.rule), ["input.too_deep"]);
  // A lone surrogate (in a value or a key) is no Unicode text: refused as the server refuses
  // its JSON (serde_json takes no lone surrogate escape), with input.malformed_json.
  for (const bad of [{ ...base, age_note: "半个\uD83D" }, { ...base, ["\uDE00"]: 1 }]) {
    const refused = JSON.parse(call("director_appointment", bad, null, "en", TODAY));
    assert.deepEqual([refused.valid, refused.issues.map((i) => [i.rule, i.path])], [false, [["input.malformed_json", ""]]]);
  }
  assert.deepEqual(toTape(["\uD83D\uDE00"]), [[5, 1, 4, 2], "\uD83D\uDE00"], "a pair is one character");
  // Several values on one tape, each refused alone.
  assert.deepEqual(toTape("a", ["\uD800"], "b"), [[4, 1, 8, 4, 1], "ab"]);
  // What JSON.stringify refuses, toTape refuses: a cycle, a BigInt.
  const cyclic = { a: {} };
  cyclic.a.back = cyclic;
  assert.throws(() => toTape(cyclic), TypeError);
  assert.throws(() => toTape({ n: 1n }), TypeError);
  assert.deepEqual(toTape([undefined, { a: undefined, b: 1 }]), [[5, 2, 0, 6, 1, 1, 3, 1], "b"]);
  // A key left out with its value is not read (a lone surrogate there refuses nothing); a
  // function's toJSON is called; an array's length is read once.
  assert.deepEqual(toTape({ "\uD800": undefined, f: Object.assign(() => 0, { toJSON: () => "f" }) }), [[6, 1, 1, 4, 1], "ff"]);
  const growing = [1];
  Object.defineProperty(growing, 0, { get: () => (growing.push(2), 1), enumerable: true });
  assert.deepEqual(toTape(growing), [[5, 1, 3, 1], ""]);
  assert.throws(() => toTape(Object(1n)), TypeError);
});

test("the served module (dist/embed/aii-validator.js) gives the native reports through its API", async () => {
  // The bundle exactly as the server serves it (minified), imported as a page would.
  assert.equal(typeof readForm, "function");
  const v = await AiiValidator.load(read("dist/embed/aii_rules_bg.wasm"));
  assert.equal(v, await AiiValidator.load(), "loads once");
  assert.match(v.version, /^\d+\.\d+\.\d+\+directions\./);
  const differ = [];
  documents.forEach(({ kind, locale, text }, i) => {
    // `validate` takes the object and answers an object: its JSON text must be the native one.
    const report = JSON.stringify(v.validate(kind, JSON.parse(text), { locale, today: todayFor(kind) }));
    if (fnv64(report) !== golden[i]) differ.push(`corpus line ${i + 1} (${kind}, ${locale}): ${report.slice(0, 300)}`);
  });
  assert.deepEqual(differ, []);
  const field = v.validateField("director_appointment", example("director_appointment"), "/appointee/birth_date", { today: TODAY });
  assert.equal(field.pointer, "/appointee/birth_date");
  assert.ok(field.rules.includes("art14.age"));
  // The catalogue is fetched from beside the module (the server makes it; tests/e2e/widget.test.mjs
  // checks its content there): once, and again after a failure.
  const fetched = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    fetched.push(String(url));
    if (fetched.length === 1) return new Response("", { status: 503 });
    return new Response(JSON.stringify({ ruleset_version: v.version, rules: [], positions: {} }));
  };
  try {
    await assert.rejects(v.catalog(), { message: "the catalogue: HTTP 503" });
    const [a, b] = await Promise.all([v.catalog(), v.catalog()]);
    assert.equal(a, b);
    assert.equal(a.ruleset_version, v.version);
    assert.equal(await v.catalog(), a);
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(fetched, Array(2).fill(new URL("dist/embed/aii-catalog.json", root).href));
  assert.throws(() => v.validate("no_such_form", {}), { message: "unknown form kind" });
  assert.throws(() => v.validateField("application", {}, "/cycle", { today: "soon" }), { message: "today must be YYYY-MM-DD" });
  assert.throws(() => v.validateField("application", {}), TypeError);
  assert.throws(() => v.validateField("application", {}, "/unit/\uD800"), { message: "malformed tape" });
  // Without a date, today in Beijing time (UTC+8): at 20:00 UTC on 1 January it is already
  // 2 January there, and an ID number of someone born on 2 January is no longer in the future.
  const body = "11010520400102001";
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = "10X98765432"[[...body].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11];
  const base = example("director_appointment");
  const born = { ...base, appointee: { ...base.appointee, id_number: body + check, birth_date: "2040-01-02" } };
  const at = (today) => JSON.stringify(v.validate("director_appointment", born, { locale: "en", today }));
  assert.notEqual(at("2040-01-01"), at("2040-01-02"), "the report tells the two days apart");
  const now = Date.now;
  Date.now = () => Date.UTC(2040, 0, 1, 20);
  try {
    assert.equal(JSON.stringify(v.validate("director_appointment", born, { locale: "en" })), at("2040-01-02"));
  } finally {
    Date.now = now;
  }
});

test("a field re-check merged into the report equals the whole check", () => {
  // The widget's way of using a field re-check: replace what the re-check re-decided.
  const structural = (rule) => rule.startsWith("input.") || rule === "text.too_long";
  const under = (path, pointer) => pointer === "" || path === pointer || path.startsWith(pointer + "/");
  for (const { kind, locale, text } of documents.slice(0, 60)) {
    const full = JSON.parse(checkText(kind, text, locale, TODAY));
    for (const pointer of ["/unit", "/facilities/simultaneous_trainees", "/instructors/0/birth_date", "/appointee/birth_date", "/requested_directions"]) {
      const field = JSON.parse(checkFieldText(kind, text, pointer, locale, TODAY));
      assert.equal(field.pointer, pointer);
      const kept = full.issues.filter((i) => !(field.rules.includes(i.rule) || (structural(i.rule) && under(i.path, pointer))));
      // Every issue of the whole check is either kept or given again by the re-check.
      const again = full.issues.filter((i) => !kept.includes(i));
      assert.deepEqual(
        again.map((i) => JSON.stringify(i)).sort(),
        field.issues.map((i) => JSON.stringify(i)).sort(),
        `${kind} ${pointer}`,
      );
    }
  }
});

test("memory stays bounded over 100,000 calls", () => {
  const prepared = documents.map(({ kind, locale, doc }) => ({
    tapes: [toTape([kind, locale, TODAY, "/unit/name"], doc), toTape([kind, locale, TODAY, null], doc)],
  }));
  const calls = (n) => {
    for (let i = 0; i < n; i++) {
      const { kind, locale, tapes } = prepared[i % prepared.length];
      checkTape(...tapes[i % 2]);
    }
  };
  calls(2_000);
  const warm = wasm.memory.buffer.byteLength;
  calls(98_000);
  const after = wasm.memory.buffer.byteLength;
  // A leak of even 16 bytes a call would add more than 24 pages of 64 KiB.
  assert.ok(after <= warm + 2 * 65536, `memory grew from ${warm} to ${after} bytes`);
});
