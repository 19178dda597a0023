// The contenders of the JS throughput benchmark, shared by Node and Chromium. One `run()`
// validates the whole corpus of one form.
//
// - aii_widget_validate: `AiiValidator.validate(kind, object)`, the widget's public call:
//   JSON.stringify → checkJson (WASM: parse, every local rule, report as JSON text) → JSON.parse.
// - aii_checkJson_text: `checkJson(kind, text)` on the JSON text as it arrived; the report stays
//   JSON text (what a caller that forwards it pays).
// - ajv_all_errors: ajv's compiled validator (allErrors) on the parsed object.
// - ajv_parse_all_errors: JSON.parse of the text, then the same.
export const LOCALE = "zh-CN";

export function contenders({ kind, texts, objs, api, checkJson, ajv, today }) {
  const opts = { locale: LOCALE, today };
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
      name: "aii_checkJson_text",
      run() {
        let n = 0;
        for (const t of texts) n += checkJson(kind, t, LOCALE, today).length;
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
      name: "ajv_parse_all_errors",
      run() {
        let n = 0;
        for (const t of texts) if (!ajv(JSON.parse(t))) n += ajv.errors.length;
        return n;
      },
    },
  ];
}
