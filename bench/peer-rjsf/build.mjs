// Builds the peer's pages into <out>/peer-rjsf/: for the application and the evaluation, the
// schema's precompiled ajv validators (@rjsf/validator-ajv8's compileSchemaValidatorsCode), one
// esbuild bundle (React, RJSF, the schema, the validators; minified, production React) and a
// page with no inline script (the server's CSP allows none).
//
//   node bench/peer-rjsf/build.mjs <schema dir (bench-corpus output)> <out dir>
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { compileSchemaValidatorsCode } from "@rjsf/validator-ajv8/compileSchemaValidators";

const here = dirname(fileURLToPath(import.meta.url));
const [schemaDir, outDir] = process.argv.slice(2);
if (!schemaDir || !outDir) {
  console.error("usage: node bench/peer-rjsf/build.mjs <schema dir> <out dir>");
  process.exit(2);
}
const KINDS = ["application", "evaluation"];
const gen = join(here, "gen");
const out = join(resolve(outDir), "peer-rjsf");
mkdirSync(gen, { recursive: true });
mkdirSync(out, { recursive: true });

for (const kind of KINDS) {
  const schema = JSON.parse(readFileSync(join(schemaDir, `${kind}.schema.json`), "utf8"));
  writeFileSync(join(gen, `${kind}.schema.json`), JSON.stringify(schema));
  // ajv's standalone code is CommonJS; esbuild bundles it as such.
  writeFileSync(join(gen, `${kind}.validators.cjs`), compileSchemaValidatorsCode(schema));
  writeFileSync(
    join(gen, `${kind}.entry.jsx`),
    `import schema from "./${kind}.schema.json";\nimport * as fns from "./${kind}.validators.cjs";\nimport { mount } from "../src/page.jsx";\nmount(${JSON.stringify(kind)}, schema, fns);\n`,
  );
  await build({
    entryPoints: [join(gen, `${kind}.entry.jsx`)],
    outfile: join(out, `${kind}.js`),
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    logLevel: "warning",
  });
  writeFileSync(
    join(out, `${kind}.html`),
    `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${kind} (react-jsonschema-form)</title>
  <script type="module" src="/peer-rjsf/${kind}.js"></script>
</head>
<body>
  <div id="root"></div>
</body>
</html>
`,
  );
}
console.log(`peer-rjsf: ${KINDS.map((k) => `${out}/${k}.{html,js}`).join(", ")}`);
