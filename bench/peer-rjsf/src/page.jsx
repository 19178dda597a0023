// The peer's page: one form of the Measures as a react-jsonschema-form, built from the JSON
// Schema the bench generates (bench/src/schema.rs), validated as the person types
// (`liveValidate`), default theme, no custom widget, field, template or rule.
//
// The validator is @rjsf/validator-ajv8's precompiled one (ajv's standalone code, generated at
// build time by build.mjs): the server's Content-Security-Policy (script-src 'self'
// 'wasm-unsafe-eval', as for our app) forbids the `new Function` ajv needs to compile at run
// time, and RJSF documents the precompiled validator for exactly that case.
//
// What the harness needs (bench/js/forms.mjs), and nothing that changes what RJSF does:
// - a document to start from: `localStorage["peer-rjsf.<kind>"]` when set (our app reads its
//   draft from local storage the same way); an empty form otherwise;
// - `window.__peerChanges`, counted in RJSF's `onChange` (called once RJSF has committed the
//   new state and its errors), so the harness knows a keystroke was handled when the schema
//   has no message to show for it (and `window.__benchPoke`, when the harness set one, is
//   called there, so it need not poll).
import { createRoot } from "react-dom/client";
import Form from "@rjsf/core";
import { createPrecompiledValidator } from "@rjsf/validator-ajv8";

export function mount(kind, schema, validateFns) {
  const validator = createPrecompiledValidator(validateFns, schema);
  let formData;
  try {
    const stored = localStorage.getItem(`peer-rjsf.${kind}`);
    if (stored) formData = JSON.parse(stored);
  } catch {
    formData = undefined;
  }
  window.__peerChanges = 0;
  const onChange = () => {
    window.__peerChanges += 1;
    window.__benchPoke?.();
  };
  const root = createRoot(document.getElementById("root"));
  root.render(<Form schema={schema} validator={validator} formData={formData} liveValidate onChange={onChange} />);
}
