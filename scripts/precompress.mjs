// Writes `<file>.gz` and `<file>.br` beside each file given: the precompressed copies the server
// sends to browsers that accept gzip or brotli (server/src/web.rs, server/src/embed.rs).
// - `.gz`: zopfli (npm @gfx/zopfli), whose output is ordinary gzip that every browser reads,
//   ~5 % smaller than `gzip -9` on our WASM (never larger: the smaller of the two is kept).
// - `.br`: brotli at quality 11 (Node's own zlib), ~10 % smaller again; browsers ask for it over
//   HTTPS (Chromium and Firefox do not offer `br` to plain-HTTP origins).
// Both cost seconds at build time, never at run time. Prints, per file, the raw size, `gzip -9`
// (GNU gzip, as the earlier figures in BENCHMARKS.md) and the two served copies.
//
//   node scripts/precompress.mjs FILE...
import { gzip } from '@gfx/zopfli';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, constants } from 'node:zlib';

const zopfli = promisify(gzip);
// 15 iterations: on the widget's WASM 24 B smaller than 5 (36,782 B against 36,806 B) in the same
// time, most of which is zopfli's fixed block splitting; 50 gain 5 B more.
const ITERATIONS = 15;

const pad = (n, w = 8) => String(n).padStart(w);
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const zopfled = await zopfli(raw, { numiterations: ITERATIONS });
  const level9 = execFileSync('gzip', ['-9', '-n', '-c', file], { maxBuffer: 1 << 30 });
  const gz = zopfled.length <= level9.length ? zopfled : level9;
  writeFileSync(`${file}.gz`, gz);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  writeFileSync(`${file}.br`, br);
  const name = file.replace(/^dist\//, '');
  console.log(`${name.padEnd(28)} ${pad(raw.length)} B raw ${pad(level9.length)} B gzip -9 ${pad(gz.length)} B .gz ${pad(br.length)} B .br`);
}
