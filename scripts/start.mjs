// `npm start`: the emulator with the sample graph, serving the built app and the ADT API on one origin.
// `npm run dev`: the same emulator plus Vite's dev server (hot reload), which proxies the API to it.
// Ctrl-C stops everything this script started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dev = process.argv.includes('--dev');
const httpPort = Number(process.env.TWINSCOPE_PORT ?? (dev ? 8081 : 8080));
const httpsPort = Number(process.env.TWINSCOPE_HTTPS_PORT ?? 8443);
const db = process.env.TWINSCOPE_DB ?? join('data', 'twinscope.db');
const tsx = join('node_modules', '.bin', 'tsx');
// Vite's dev proxy reads this to reach the emulator.
if (dev) process.env.TWINSCOPE_EMULATOR_URL = `http://127.0.0.1:${httpPort}`;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

// Rebuild only when the sources are newer than the bundle, so a second start is instant.
if (!dev) {
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
  const sources = Math.max(...['src/web', 'src/shared', 'public', 'index.html', 'vite.config.ts'].map(newestMtime));
  if (sources > built) {
    console.log('Building the app…');
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const children = [];
function run(cmd, args, onLine) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      process.stdout.write(line + '\n');
      onLine?.(line);
    }
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${cmd} ${args[0] ?? ''} stopped (${signal ?? code}); shutting down.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const emulatorArgs = [
  'src/emulator/main.ts',
  '--http-port', String(httpPort),
  '--port', String(httpsPort),
  '--db', db,
  '--seed', 'sample',
  ...(dev ? [] : ['--app', 'dist']),
];

// The app is served over the loopback http port, so "ready" waits for that line (it comes after the HTTPS one).
run(tsx, emulatorArgs, (line) => {
  if (!/^ADT emulator \(http[^)]*\) listening on http:\/\//.test(line)) return;
  if (dev) {
    run('npx', ['vite', '--port', '5173'], (l) => {
      if (/Local:\s+http/.test(l)) console.log('\nTwinscope (dev) is ready: open http://localhost:5173/  (Ctrl-C stops it)\n');
    });
    return;
  }
  console.log(`\nTwinscope is ready: open http://127.0.0.1:${httpPort}/  (Ctrl-C stops it)\n`);
});

