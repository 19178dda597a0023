// Types of aii-validator.js, the embeddable rules of the AII Training Base Management Measures.

export type FormKind = "application" | "director_appointment" | "direction_change" | "annual_assessment" | "evaluation" | "training_plan";
export type Severity = "error" | "warning" | "info";

export interface Issue {
  /** Stable rule id, e.g. "art14.age", "id.resident". */
  rule: string;
  severity: Severity;
  /** JSON Pointer into the document ("" for the whole form). */
  path: string;
  /** The article, in the requested locale: "第十四条" / "Art. 14"; null for the generic rules
   * (`input.*`, `text.*`, `contact.*`, `id.*`), which cite none. */
  article: string | null;
  message: string;
  /** Typed params (counts, limits, codes, pointers), never the raw input. */
  params: Record<string, number | string | string[]>;
}

export interface Report {
  kind: FormKind;
  valid: boolean;
  issues: Issue[];
}

export interface FieldReport {
  kind: FormKind;
  pointer: string;
  /** The rules that read the field and ran. */
  rules: string[];
  issues: Issue[];
}

export interface Options {
  /** "zh-CN" (default) or "en". */
  locale?: string;
  /** "YYYY-MM-DD"; default today in Beijing time. */
  today?: string;
}

export interface RuleEntry {
  id: string;
  /** null for the generic rules, which cite no article. */
  article: { zh: string; en: string } | null;
  severity: Severity;
  scope: "local" | "context";
  /** The rule's one-line developer note (English). */
  summary: string;
  forms: { kind: FormKind; reads: string[] }[];
  messages: { reason: string; zh: string; en: string }[];
}

export interface Catalog {
  ruleset_version: string;
  rules: RuleEntry[];
  positions: {
    version: string;
    source: string;
    categories: { code: string; name_zh: string; name_en: string }[];
    directions: { code: string; category: string; name_zh: string; name_en: string }[];
  };
}

export interface Validator {
  readonly version: string;
  /** Throws an `Error` for an unknown form kind, a `today` that is not `YYYY-MM-DD`, or a kind,
   *  locale, today or pointer with a lone UTF-16 surrogate ("malformed tape"), and a `TypeError` for data
   *  `JSON.stringify` would refuse (a BigInt, a cycle within 32 levels: a longer one is too deep
   *  first). `data` is read as `JSON.stringify` would write it; nested deeper than 32 it gets the
   *  issue `input.too_deep`, with a lone UTF-16 surrogate in a text `input.malformed_json`, as
   *  from the server. */
  validate(kind: FormKind, data: unknown, options?: Options): Report;
  /** Throws as `validate` does, and a `TypeError` when `pointer` is not a string. */
  validateField(kind: FormKind, data: unknown, pointer: string, options?: Options): FieldReport;
  /** Fetched once from beside the module (`aii-catalog.json`, what `GET /api/v1/catalog`
   *  answers), when first asked for. */
  catalog(): Promise<Catalog>;
}

export declare const AiiValidator: {
  /** Loads the WebAssembly once (from beside the module, or the URL, bytes or compiled module given); resolves to the validator. */
  load(wasmUrl?: string | URL | BufferSource | WebAssembly.Module): Promise<Validator>;
};

/** Values as the WebAssembly reads them: a tape of numbers (a tag per value, with its number,
 *  length or count, value after value) and every string and key joined, each written as
 *  `JSON.stringify` would write it. `validate` and `validateField` hand over a call as
 *  `toTape([kind, locale, today, pointer or null], data)`; exported for tests and tools. */
export declare function toTape(...values: unknown[]): [number[], string];

/** Reads a form whose controls are named by JSON Pointer into a document. */
export declare function readForm(form: HTMLFormElement): Record<string, unknown>;
