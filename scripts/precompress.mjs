// Writes <file>.br (Brotli, quality 11) and <file>.gz (gzip, level 9) beside each file of the
// built app worth compressing: the wasm, the JS (the glue, its snippets, supabase-js), the CSS
// and the interface messages. session-server answers a browser that accepts them with these
// (tower-http's precompressed ServeDir), so nothing is compressed per request.
//
// Left out: index.html (the server reads it to add the page's Content-Security-Policy) and
// sw.js (small, and the end-to-end suite times its raw download to prove a throttled link).
//
//   node scripts/precompress.mjs <dir>
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2];
if (!root) throw new Error('usage: node scripts/precompress.mjs <dir>');
const WORTH = /\.(wasm|js|mjs|css|ftl)$/;
const MIN_BYTES = 1024;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

let raw = 0;
let br = 0;
for (const file of files(root)) {
  if (!WORTH.test(file) || path.relative(root, file) === 'sw.js') continue;
  const bytes = readFileSync(file);
  if (bytes.length < MIN_BYTES) continue;
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  raw += bytes.length;
  br += brotli.length;
}
console.log(`precompress: ${raw} bytes -> ${br} with Brotli`);
