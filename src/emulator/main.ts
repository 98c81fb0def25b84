import { parseArgs } from 'node:util';
import type { EndpointConfig } from './events';
import { createEmulator } from './server';
import type { EmulatorOptions } from './server';

const HELP = `Twinscope ADT emulator: a local Azure Digital Twins data plane.

Usage: npm run emulator -- [options]

Options:
  --port <n>                 HTTPS port (default 8443; 0 picks a free port). The official SDKs need HTTPS.
  --http-port <n>            Plain-http port, loopback only (default 8080; 0 picks a free port; "off" disables it).
  --host <address>           Address for HTTPS (default 127.0.0.1). Any non-loopback address requires --auth-token.
  --db <file|:memory:>       SQLite data file (default data/emulator.db); :memory: keeps nothing after exit.
  --data-dir <dir>           Folder for the self-signed certificate (default ./data).
  --seed <sample|none>       Load the sample building graph into an empty store (default none).
  --endpoint <name>=<url|live>
                             An event endpoint for routes: a webhook URL that receives CloudEvents over HTTP, or
                             "live" for the app's events panel. Repeatable. Default: live=live.
  --auth-token <token>       Require "Authorization: Bearer <token>" on every API call.
  --app <dir>                Serve this built app folder (index.html fallback) on the same ports.
  --proxy-allow <host>       Allow /api/proxy to reach this host besides *.digitaltwins.azure.net. Repeatable.
  --no-cors                  Do not answer cross-origin requests (ADT itself has no CORS).
  --max-concurrent-requests <n>
                             API requests handled at once; more get 429 with Retry-After (default 256).
  --query-timeout <seconds>  Time limit of a query page; beyond it 400 TimeoutError, as ADT (default 60).
  --quiet                    Print only the listening lines and errors.
  --help                     Show this help.
`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${HELP}`);
  process.exit(2);
}

function portOf(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${name} must be a port number, got ${value}`);
  return n;
}

function parseEndpoint(spec: string): EndpointConfig {
  const eq = spec.indexOf('=');
  if (eq <= 0) fail(`--endpoint takes <name>=<url|live>, got ${spec}`);
  const name = spec.slice(0, eq);
  const target = spec.slice(eq + 1);
  if (target === 'live') return { name, kind: 'live' };
  if (!/^https?:\/\//i.test(target)) fail(`--endpoint ${name}: the target must be an http(s) URL or "live"`);
  return { name, kind: 'webhook', url: target };
}

function parseCli(argv: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'http-port': { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      endpoint: { type: 'string', multiple: true },
      'auth-token': { type: 'string' },
      app: { type: 'string' },
      'proxy-allow': { type: 'string', multiple: true },
      'no-cors': { type: 'boolean' },
      'max-concurrent-requests': { type: 'string' },
      'query-timeout': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const seed = values.seed ?? 'none';
  if (seed !== 'sample' && seed !== 'none') fail(`--seed must be sample or none, got ${seed}`);
  const httpPortRaw = values['http-port'] ?? '8080';
  const options: EmulatorOptions = {
    port: portOf('--port', values.port ?? '8443'),
    httpPort: httpPortRaw === 'off' ? null : portOf('--http-port', httpPortRaw),
    host: values.host ?? '127.0.0.1',
    db: values.db ?? 'data/emulator.db',
    dataDir: values['data-dir'] ?? 'data',
    seed,
    endpoints: (values.endpoint ?? ['live=live']).map(parseEndpoint),
    cors: !values['no-cors'],
    quiet: values.quiet ?? false,
  };
  if (values['auth-token'] !== undefined) options.authToken = values['auth-token'];
  if (values.app !== undefined) options.appDir = values.app;
  if (values['proxy-allow'] !== undefined) options.proxyAllowHosts = values['proxy-allow'];
  const limits: NonNullable<EmulatorOptions['limits']> = {};
  if (values['max-concurrent-requests'] !== undefined) {
    const n = Number(values['max-concurrent-requests']);
    if (!Number.isInteger(n) || n < 1) fail(`--max-concurrent-requests must be a positive integer, got ${values['max-concurrent-requests']}`);
    limits.maxConcurrentRequests = n;
  }
  if (values['query-timeout'] !== undefined) {
    const seconds = Number(values['query-timeout']);
    if (!Number.isFinite(seconds) || seconds <= 0) fail(`--query-timeout must be a positive number of seconds, got ${values['query-timeout']}`);
    limits.queryTimeoutMs = Math.round(seconds * 1000);
  }
  if (Object.keys(limits).length > 0) options.limits = limits;
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    fail((err as Error).message);
  }
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  const emulator = await createEmulator(options);
  console.log(`ADT emulator listening on ${emulator.httpsUrl}`);
  if (emulator.httpUrl) console.log(`ADT emulator (http, loopback only) listening on ${emulator.httpUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!options.quiet) console.log(`[emulator] ${signal}: shutting down`);
    emulator.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
