// Prints the size of the JavaScript the first screen loads (the entry and what it preloads), gzipped, and fails the
// build when it passes the budget of design.md. Lazily loaded chunks (Monaco, layouts) are listed apart.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) initial.add(m[1]);

const gz = (file) => gzipSync(readFileSync(file)).length;
let initialBytes = 0;
for (const src of initial) {
  const file = join(dist, src.replace(/^\.?\//, ''));
  const size = gz(file);
  initialBytes += size;
  console.log(`  initial  ${(size / 1024).toFixed(1).padStart(8)} kB gz  ${src}`);
}
let lazyBytes = 0;
const assets = join(dist, 'assets');
for (const name of readdirSync(assets)) {
  if (!name.endsWith('.js') || [...initial].some((s) => s.endsWith(name))) continue;
  if (!statSync(join(assets, name)).isFile()) continue;
  lazyBytes += gz(join(assets, name));
}
console.log(`Initial JS: ${(initialBytes / 1024).toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB); lazy chunks: ${(lazyBytes / 1024).toFixed(1)} kB gzipped`);
if (initialBytes / 1024 > BUDGET_KB) {
  console.error(`Initial JS is over the ${BUDGET_KB} kB budget.`);
  process.exit(1);
}
