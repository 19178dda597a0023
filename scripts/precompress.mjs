// Writes `<file>.gz` beside each file given: the precompressed copies the server sends to
// browsers that accept gzip (server/src/web.rs, server/src/embed.rs). Compressed with
// zopfli (npm @gfx/zopfli), whose output is ordinary gzip that every browser reads, ~5 % smaller
// than `gzip -9` on our WASM; it costs seconds at build time, never at run time. Prints, per file,
// the raw size, `gzip -9` (GNU gzip, as the earlier figures in BENCHMARKS.md) and what is served.
//
//   node scripts/precompress.mjs FILE...
import { gzip } from '@gfx/zopfli';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { execFileSync } from 'node:child_process';

const zopfli = promisify(gzip);
// Past 5 iterations the WASM bundles gain nothing measurable (widget: 50,662 B at 5, 50,668 B
// at 15); most of the time is zopfli's fixed block splitting, not the iterations.
const ITERATIONS = 5;

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const served = await zopfli(raw, { numiterations: ITERATIONS });
  const level9 = execFileSync('gzip', ['-9', '-n', '-c', file], { maxBuffer: 1 << 30 });
  // Never serve a copy larger than gzip's (zopfli is not guaranteed to win on tiny files).
  writeFileSync(`${file}.gz`, served.length <= level9.length ? served : level9);
  const name = file.replace(/^dist\//, '');
  console.log(
    `${name.padEnd(32)} ${String(raw.length).padStart(8)} B raw ${String(level9.length).padStart(8)} B gzip -9 ` +
      `${String(Math.min(served.length, level9.length)).padStart(8)} B served (.gz)`,
  );
}
