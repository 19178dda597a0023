// The AII training-base rules for any web page: one ES module, no framework.
//
//   <script src="https://…/embed/aii-form-check.js" defer></script>   (imports this module)
//   <form id="appointment"> <input name="/appointee/birth_date" type="date"> … </form>
//   <aii-form-check for="appointment" kind="director_appointment" lang="zh-CN"></aii-form-check>
//
// Or from script: `const v = await AiiValidator.load(); v.validate(kind, data, { locale })`.
// No inline script, no eval: it runs under `script-src 'self' 'wasm-unsafe-eval'`.
// The rules run in WebAssembly built from the same Rust crate as the server's checks, so a
// message here is the message the server gives. EMBEDDING.md documents the API and the names.

import init, { checkTape, rulesetVersion } from "./aii_rules.js";

let loading = null;
let catalogue = null;

// Whether a text is Unicode text (no lone UTF-16 surrogate): the engine's own check where it
// has one (fast), else a search for a surrogate code point.
const wellFormed = "".isWellFormed ? (s) => s.isWellFormed() : (s) => !/\p{Cs}/u.test(s);

/** Values as the bundle reads them (`checkTape`), without JSON text: `[tape, text]`, where the
 *  tape holds, value after value, a tag per value in document order (0 null, 1 false, 2 true,
 *  3 number + value, 4 string + length, 5 array + length, 6 object + entry count, each entry a
 *  key's length then its value; 7 for a container nested deeper than 32) and `text` every string
 *  and key, joined; a value with a string that is not Unicode text (a lone surrogate) is the
 *  tag 8 alone. It writes what `JSON.stringify` would: `toJSON`, boxed primitives unboxed,
 *  `undefined`, functions and symbols left out of objects and null in arrays, non-finite numbers
 *  null; a cycle or a BigInt throws a TypeError as there (a cycle longer than 32 levels is too
 *  deep first). */
export function toTape(...values) {
  const t = [], s = [], open = [];
  let unicode;
  const put = (v, key) => {
    if (v !== null && (typeof v === "object" || typeof v === "function" || typeof v === "bigint")) {
      const toJSON = v.toJSON;
      if (typeof toJSON === "function") v = toJSON.call(v, key);
    }
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean || v instanceof BigInt) v = v.valueOf();
    const type = typeof v;
    if (type === "string") t.push(4, v.length), s.push(v), (unicode &&= wellFormed(v));
    else if (type === "number") isFinite(v) ? t.push(3, v) : t.push(0);
    else if (type === "boolean") t.push(v ? 2 : 1);
    else if (v === null) t.push(0);
    else if (type === "bigint") throw new TypeError("a BigInt has no JSON form");
    else if (type !== "object") return false;
    else if (open.includes(v)) throw new TypeError("a cyclic value has no JSON form");
    else if (open.length === 32) t.push(7);
    else {
      open.push(v);
      if (Array.isArray(v)) {
        const n = v.length;
        t.push(5, n);
        for (let i = 0; i < n; i++) put(v[i], "" + i) || t.push(0);
      } else {
        const at = t.push(6, 0) - 1;
        for (const k of Object.keys(v)) {
          const mark = t.push(k.length);
          s.push(k);
          if (put(v[k], k)) t[at]++, (unicode &&= wellFormed(k));
          else t.length = mark - 1, s.pop();
        }
      }
      open.pop();
    }
    return true;
  };
  for (const v of values) {
    const [marks, markt] = [s.length, t.length];
    unicode = true;
    put(v, "") || t.push(0);
    // Text with a lone surrogate is no Unicode text: the server refuses its JSON, so does this.
    if (!unicode) (t.length = markt), (s.length = marks), t.push(8);
  }
  return [t, s.join("")];
}

/** The bundle's answer to a call: its head (kind, locale, today, the pointer or null), then
 *  the document, on one tape. */
function check(kind, data, pointer, opts) {
  return answer(checkTape(...toTape([String(kind), String(locale(opts)), String(today(opts)), pointer ?? null], data ?? {})));
}

function locale(opts) {
  return (opts && opts.locale) || "zh-CN";
}

/** The day the Measures' calendar (Beijing time, UTC+8) is on, unless the call gives one. */
function today(opts) {
  return opts?.today ?? new Date(Date.now() + 288e5).toISOString().slice(0, 10);
}

/** A report's JSON text as an object; the bundle answers `!reason` for a wrong call (an
 *  unknown form kind, a bad `today`, a malformed tape), thrown here as an Error. */
function answer(text) {
  if (text[0] === "!") throw new Error(text.slice(1));
  return JSON.parse(text);
}

const api = {
  /** The rule-set version (the server stores it with each submission). */
  get version() {
    return rulesetVersion();
  },
  /** The whole report for a form document: `{kind, valid, issues: [{rule, severity, path, article, message, params}]}`. */
  validate(kind, data, opts) {
    return check(kind, data, null, opts);
  },
  /** The issues of the rules that read one field (a JSON Pointer): `{kind, pointer, rules, issues}`. */
  validateField(kind, data, pointer, opts) {
    if (typeof pointer !== "string") throw new TypeError("pointer: a JSON Pointer");
    return check(kind, data, pointer, opts);
  },
  /** The rule catalogue and the position catalogue: `aii-catalog.json` from beside this module
   *  (the server makes it from the same rules), fetched once, when first asked for; the WASM
   *  carries no catalogue. A failed fetch rejects, and the next call tries again. */
  catalog() {
    return (catalogue ??= fetch(new URL("./aii-catalog.json", import.meta.url))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`the catalogue: HTTP ${r.status}`))))
      .catch((e) => {
        catalogue = null;
        throw e;
      }));
  },
};

export const AiiValidator = {
  /** Loads the WebAssembly once (from beside this module unless `wasmUrl` is given; its bytes
   *  or a compiled `WebAssembly.Module` do too, as in Node). */
  load(wasmUrl) {
    if (!loading) {
      const url = wasmUrl || new URL("./aii_rules_bg.wasm", import.meta.url);
      loading = init({ module_or_path: url }).then(() => api);
    }
    return loading;
  },
};

// ---------------------------------------------------------------------------------------------
// Reading a plain HTML form into a document: each control's `name` is a JSON Pointer
// (`/facilities/simultaneous_trainees`, `/instructors/0/name`). Values: `type=number` or
// `data-aii-type="integer"` → whole numbers, checkboxes → true/false (`data-aii-type="boolean"`
// on a select with values true/false too), anything else → text; empty → absent.

function setPointer(doc, pointer, value) {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
    if (cur[key] === undefined || cur[key] === null) cur[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    cur = cur[key];
  }
  const last = parts[parts.length - 1];
  cur[/^\d+$/.test(last) ? Number(last) : last] = value;
}

function controlValue(el) {
  const type = el.dataset.aiiType || (el.type === "number" ? "integer" : el.type === "checkbox" ? "boolean" : "text");
  if (el.type === "checkbox") return el.checked;
  const raw = el.value.trim();
  if (raw === "") return undefined;
  if (type === "integer") return /^-?\d+$/.test(raw) ? Number(raw) : el.value;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : el.value;
  return el.value;
}

function controls(form) {
  return Array.from(form.elements).filter((el) => el.name && el.name.startsWith("/") && !el.disabled);
}

export function readForm(form) {
  const doc = {};
  for (const el of controls(form)) {
    if (el.type === "radio" && !el.checked) continue;
    const v = controlValue(el);
    if (v !== undefined) setPointer(doc, el.name, v);
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// <aii-form-check for="form-id" kind="application" lang="zh-CN">
//
// Attaches to the page's own form: checks on every change, writes each message after its
// control (class `aii-message aii-error|aii-warning|aii-info`, tied by aria-describedby, with
// aria-invalid on the control), keeps an error summary inside the element (class
// `aii-summary`), and blocks submit while errors stand. It adds classes only; the host page's
// CSS styles them (EMBEDDING.md lists them). Errors show once a control was left, or on submit.

const idOf = (pointer) => "aii" + pointer.replace(/[^A-Za-z0-9_]/g, "-");

// Outside a browser (Node, a worker) the module still loads: only the element needs the DOM.
class AiiFormCheck extends (globalThis.HTMLElement ?? Object) {
  connectedCallback() {
    this.form = document.getElementById(this.getAttribute("for"));
    if (!this.form) return;
    this.kind = this.getAttribute("kind");
    this.touched = new Set();
    this.submitted = false;
    this.summary = document.createElement("div");
    this.summary.className = "aii-summary";
    this.summary.tabIndex = -1;
    this.summary.hidden = true;
    this.appendChild(this.summary);
    AiiValidator.load(this.getAttribute("wasm") || undefined).then((v) => {
      this.v = v;
      this.onInput = () => this.refresh();
      this.onLeave = (e) => {
        if (e.target.name) this.touched.add(e.target.name);
        this.refresh();
      };
      this.onSubmit = (e) => {
        this.submitted = true;
        if (this.refresh().length) {
          e.preventDefault();
          e.stopImmediatePropagation();
          this.summary.focus();
        }
      };
      this.form.addEventListener("input", this.onInput);
      this.form.addEventListener("change", this.onLeave);
      this.form.addEventListener("focusout", this.onLeave);
      this.form.addEventListener("submit", this.onSubmit, true);
      this.dispatchEvent(new CustomEvent("aii-ready", { bubbles: true }));
    });
  }

  disconnectedCallback() {
    if (!this.form || !this.v) return;
    this.form.removeEventListener("input", this.onInput);
    this.form.removeEventListener("change", this.onLeave);
    this.form.removeEventListener("focusout", this.onLeave);
    this.form.removeEventListener("submit", this.onSubmit, true);
  }

  get locale() {
    return this.getAttribute("lang") || document.documentElement.lang || "zh-CN";
  }

  shown(path) {
    if (this.submitted) return true;
    for (const t of this.touched) if (t === path || t.startsWith(path + "/")) return true;
    return false;
  }

  /** The control a path belongs to: the control named by it, else one inside it (an issue at
   *  `/recommenders` goes to `/recommenders/0/name`), else the control holding it; null when
   *  the page has none, and the issue is then not this page's (unless `whole-form`). */
  controlFor(path) {
    let near = null;
    for (const el of controls(this.form)) {
      if (el.name === path) return el;
      near ||= (el.name.startsWith(path + "/") || path.startsWith(el.name + "/")) && el;
    }
    return near;
  }

  refresh() {
    const report = this.v.validate(this.kind, readForm(this.form), { locale: this.locale });
    // Clear what an earlier check wrote.
    for (const el of this.form.querySelectorAll(".aii-message")) el.remove();
    for (const el of controls(this.form)) {
      el.removeAttribute("aria-invalid");
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.startsWith("aii"));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    const errors = [];
    for (const issue of report.issues) {
      if (issue.severity !== "info" && !this.shown(issue.path)) continue;
      const control = this.controlFor(issue.path);
      // A field the page does not have is the server's to check, unless the page asks for all.
      if (!control && !this.hasAttribute("whole-form")) continue;
      if (issue.severity === "error") errors.push({ issue, control });
      if (!control) continue;
      const id = idOf(issue.path) + "-" + issue.rule.replace(/[^a-z0-9]/gi, "-");
      const p = document.createElement("p");
      p.id = id;
      p.className = `aii-message aii-${issue.severity}`;
      p.dataset.rule = issue.rule;
      // A generic rule (`text.*`, `id.*`, …) cites no article (null): the message alone.
      p.textContent = issue.article ? `${issue.article} ${issue.message}` : issue.message;
      control.insertAdjacentElement("afterend", p);
      control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + id).trim());
      if (issue.severity === "error") control.setAttribute("aria-invalid", "true");
    }
    this.renderSummary(errors);
    return errors;
  }

  renderSummary(errors) {
    this.summary.replaceChildren();
    this.summary.hidden = !(this.submitted && errors.length);
    if (this.summary.hidden) return;
    const zh = !this.locale.toLowerCase().startsWith("en");
    const h = document.createElement("p");
    h.className = "aii-summary-title";
    h.textContent = zh ? "请修改以下问题后再提交" : "Fix these problems before submitting";
    const ul = document.createElement("ul");
    for (const { issue, control } of errors) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + (control && control.id ? control.id : "");
      a.textContent = issue.message;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        if (control) control.focus();
      });
      li.appendChild(a);
      ul.appendChild(li);
    }
    this.summary.setAttribute("role", "alert");
    this.summary.append(h, ul);
  }
}

if (globalThis.customElements && !customElements.get("aii-form-check")) customElements.define("aii-form-check", AiiFormCheck);
