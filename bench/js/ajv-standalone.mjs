// ajv's compiled validator of a schema as one self-contained ES module (for the browser, where
// there is no bundler): ajv's own standalone code generation (the same function `ajv.compile`
// builds), with the few ajv runtime helpers it requires inlined.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const require = createRequire(import.meta.url);

export const ajvOptions = { allErrors: true, strict: false };

export function ajvModule(schema) {
  const ajv = new Ajv({ ...ajvOptions, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  const modules = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
  let factories = "";
  for (const m of modules) {
    // A helper names itself in a string (`x.code = 'require("…")'`): that is not a dependency.
    const src = readFileSync(require.resolve(m), "utf8");
    if (/require\(/.test(src.replace(/\.code = '[^']*'/g, ""))) throw new Error(`${m} requires more modules; inline them too`);
    factories += `${JSON.stringify(m)}: () => { const module = { exports: {} }; const exports = module.exports; ${src}\n; return module.exports; },\n`;
  }
  return `const __factories = {\n${factories}};\nconst __cache = {};\nfunction require(m) { return (__cache[m] ??= __factories[m]()); }\n` +
    `const module = { exports: {} }; const exports = module.exports;\n${code}\nexport default module.exports.default ?? module.exports;\n`;
}

export function ajvCompile(schema) {
  return new Ajv(ajvOptions).compile(schema);
}
