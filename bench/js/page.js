// Runs in headless Chromium (served by browser.mjs, cross-origin isolated so that
// performance.now() has its finest resolution). Exposes window.bench.
import { contenders } from "/js/contenders.js";
import { throughput, changes, keystrokes, resolution, setPointer } from "/js/runner.js";
import { AiiValidator } from "/widget/aii-validator.js";
import initKeystroke, { Form } from "/keystroke/keystroke.js";

const now = () => performance.now();

async function lines(url) {
  return (await (await fetch(url)).text()).split("\n").filter(Boolean);
}

window.bench = {
  async throughput() {
    const api = await AiiValidator.load();
    const manifest = await (await fetch("/corpus/manifest.json")).json();
    const forms = {};
    for (const { kind } of manifest.forms) {
      const texts = await lines(`/corpus/${kind}.jsonl`);
      const objs = texts.map((t) => JSON.parse(t));
      const ajv = (await import(`/ajv/${kind}.mjs`)).default;
      forms[kind] = throughput(contenders({ kind, texts, objs, api, ajv, today: manifest.today }), objs.length, { now });
    }
    return { runtime: navigator.userAgent, crossOriginIsolated, timerResolutionUs: resolution(now), forms };
  },

  async keystroke(n) {
    await initKeystroke({ module_or_path: "/keystroke/keystroke_bg.wasm" });
    const api = await AiiValidator.load();
    const manifest = await (await fetch("/corpus/manifest.json")).json();
    // The first document of the corpus is a valid application (even indices are valid).
    const text = (await lines("/corpus/application.jsonl"))[0];
    const list = changes(JSON.parse(text), n);
    const fields = new Set(list.map((c) => c[0])).size;

    // The app's path: the document in WASM memory, set + check_field + merge (bench/keystroke).
    const form = new Form("application", text, manifest.today);
    const app = keystrokes(([ptr, type, v]) => (type === "int" ? form.setInt(ptr, v) : type === "bool" ? form.setBool(ptr, v) : form.setText(ptr, v)), list, { now });

    // The widget's path: the JS object, toTape → checkTape with the pointer → JSON.parse.
    const doc = JSON.parse(text);
    const opts = { today: manifest.today };
    const widget = keystrokes(([ptr, , v]) => {
      setPointer(doc, ptr, v);
      return api.validateField("application", doc, ptr, opts).issues.length;
    }, list, { now });
    return { crossOriginIsolated, timerResolutionUs: resolution(now), fields, app, widget };
  },
};
document.body.dataset.ready = "1";
