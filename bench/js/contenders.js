// The contenders of the JS throughput benchmark, shared by Node and Chromium. One `run()`
// validates the whole corpus of one form.
//
// - aii_widget_validate: `AiiValidator.validate(kind, object)`, the widget's public call:
//   toTape (the object as a tape of numbers and one text) → checkTape (WASM: read the tape,
//   every local rule, report as JSON text) → JSON.parse.
// - aii_parse_validate: JSON.parse of the text as it arrived, then the same.
// - ajv_all_errors: ajv's compiled validator (allErrors) on the parsed object.
// - ajv_parse_all_errors: JSON.parse of the text, then the same.
// - boundary_floor: no check at all, only the object's content moved into bytes as a WASM
//   module would read it: JSON.stringify, then TextEncoder.encodeInto a buffer allocated once
//   (the route wasm-bindgen takes for a string). It is the floor of any validator that runs in
//   WASM and is handed a JS object (walking the object through imported getters costs a call
//   per value, more than this); where it is slower than ajv's whole validation, no such
//   validator can match ajv on objects, whatever its rules cost.
export const LOCALE = "zh-CN";

export function contenders({ kind, texts, objs, api, ajv, today }) {
  const opts = { locale: LOCALE, today };
  const encoder = new TextEncoder();
  // A UTF-16 code unit is at most 3 UTF-8 bytes.
  const bytes = new Uint8Array(3 * Math.max(...texts.map((t) => t.length)));
  return [
    {
      name: "aii_widget_validate",
      run() {
        let n = 0;
        for (const o of objs) n += api.validate(kind, o, opts).issues.length;
        return n;
      },
    },
    {
      name: "aii_parse_validate",
      run() {
        let n = 0;
        for (const t of texts) n += api.validate(kind, JSON.parse(t), opts).issues.length;
        return n;
      },
    },
    {
      name: "ajv_all_errors",
      run() {
        let n = 0;
        for (const o of objs) if (!ajv(o)) n += ajv.errors.length;
        return n;
      },
    },
    {
      name: "boundary_floor",
      run() {
        let n = 0;
        for (const o of objs) n += encoder.encodeInto(JSON.stringify(o), bytes).written;
        return n;
      },
    },
    {
      name: "ajv_parse_all_errors",
      run() {
        let n = 0;
        for (const t of texts) if (!ajv(JSON.parse(t))) n += ajv.errors.length;
        return n;
      },
    },
  ];
}
