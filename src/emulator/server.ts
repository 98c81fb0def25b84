import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { assembleEmulator } from './core/assemble';
import type { EndpointConfig } from './events';
import { createNodeListener, staticResponse } from './http/app';
import type { ServerLimits } from './http/app';
import { ensureCertificate } from './http/cert';
import { createAdtProxy } from './proxy';
import { SqliteStore } from './storage/sqlite';
import type { Store } from './storage/store';

export interface EmulatorOptions {
  port?: number;              // HTTPS port, 0 = any free port (default 0)
  httpPort?: number | null;   // plain http on loopback, 0 = any, null = off (default 0)
  host?: string;              // default '127.0.0.1'; any non-loopback host requires authToken
  db?: string;                // file path or ':memory:' (default ':memory:')
  /**
   * Opens the store instead of SQLite at `db` (tests serve the WebAssembly store through the Node server with it).
   * The emulator closes it on close().
   */
  openStore?: () => Promise<Store>;
  dataDir?: string;           // where the self-signed cert lives (default: '<cwd>/data')
  seed?: 'sample' | 'none';   // sample graph when the store is empty
  endpoints?: EndpointConfig[];  // default [{ name: 'live', kind: 'live' }]
  authToken?: string;
  appDir?: string;            // when set, serve this static SPA folder (index.html fallback) on the same ports
  proxyAllowHosts?: string[]; // extra hosts for /api/proxy besides *.digitaltwins.azure.net
  quiet?: boolean;
  /** Answer CORS (preflights, exposed headers) for other origins; ADT itself does not. Default true. */
  cors?: boolean;
  /** HTTP client for import-job blobs and webhooks (tests inject one). Default: global fetch. */
  fetch?: typeof fetch;
  /**
   * Resource limits, so that no request can exhaust the emulator: concurrent requests, buffered body bytes, and the query time limit in ms.
   * Defaults: DEFAULT_LIMITS in http/app.ts and ADT's 60 s for queries. `requestTimeoutMs` bounds the time a client
   * may take to send a whole request (default 60 s): a client that stalls mid-body gets a 408 instead of holding a
   * connection and a request slot for Node's default of 5 minutes.
   */
  limits?: Partial<ServerLimits> & { queryTimeoutMs?: number; requestTimeoutMs?: number };
}

export interface RunningEmulator { httpsUrl: string; httpUrl: string | null; close(): Promise<void> }

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIP(host) === 6 ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

function serverOptions(requestTimeoutMs: number): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(20_000, requestTimeoutMs),
    // Node checks the timeouts above only this often (default 30 s).
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))),
  };
}

/**
 * Requests Node's HTTP parser refuses (a bad request line, bad bytes in a header, headers over 16 KB, broken
 * chunking) and requests that time out never reach the listener; Node would answer them with a bare status line.
 * They get ADT's error body too, so that every error a client can see has the same shape.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const response = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', 'The request headers are larger than the limit of 16 KB.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'RequestTimeout', 'The request was not received completely within the time limit.']
        : [400, 'BadRequest', `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nx-ms-error-code: ${code}\r\nconnection: close\r\n\r\n${body}`);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    // Keep-alive sockets and open event streams would hold close() forever.
    server.closeAllConnections();
  });
}

/** Starts the emulator: SQLite store, event dispatcher, HTTPS (and loopback http) servers. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.authToken) {
    throw new Error(`Refusing to listen on ${host} without an auth token: any non-loopback address requires --auth-token.`);
  }
  const log = (message: string) => {
    if (!options.quiet) console.log(`[emulator] ${message}`);
  };
  const dbPath = options.db ?? ':memory:';
  if (!options.openStore && dbPath !== ':memory:') mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const store = options.openStore ? await options.openStore() : new SqliteStore({
    path: dbPath,
    onModelsRejected: (ids) => log(`warning: stored models no longer validate and are not indexed: ${ids.join(', ')}`),
  });

  try {
    const emulator = assembleEmulator({
      store,
      log,
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.seed ? { seed: options.seed } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.authToken !== undefined ? { authToken: options.authToken } : {}),
      cors: options.cors ?? true,
      ...(options.appDir !== undefined ? { serveApp: (request: Request, path: string, headers: Record<string, string>) => staticResponse(options.appDir!, request, path, headers) } : {}),
    });

    const tls = await ensureCertificate(options.dataDir ?? join(process.cwd(), 'data'));
    if (tls.created) log('created a self-signed certificate for localhost');

    let proxyHandler: ReturnType<typeof createAdtProxy> | undefined;
    const listener = createNodeListener(emulator.service, {
      cors: options.cors ?? true,
      log,
      proxy: (req: IncomingMessage, res: ServerResponse, rest: string) => {
        proxyHandler ??= createAdtProxy({ allowHosts: options.proxyAllowHosts ?? [] });
        return proxyHandler(req, res, rest);
      },
    });

    const httpOptions = serverOptions(options.limits?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const https = createHttpsServer({ ...httpOptions, key: tls.key, cert: tls.cert }, listener);
    https.on('clientError', answerClientError);
    const servers: Server[] = [https];
    const httpsPort = await listen(https, options.port ?? 0, host);
    let httpUrl: string | null = null;
    if (options.httpPort !== null) {
      // Plain http only on loopback: tokens must not cross a network in clear text.
      const http = createHttpServer(httpOptions, listener);
      http.on('clientError', answerClientError);
      servers.push(http);
      const httpHost = isLoopback(host) ? host : '127.0.0.1';
      const httpPort = await listen(http, options.httpPort ?? 0, httpHost);
      httpUrl = `http://${urlHost(httpHost)}:${httpPort}`;
    }
    let closing: Promise<void> | undefined;
    return {
      httpsUrl: `https://${urlHost(host)}:${httpsPort}`,
      httpUrl,
      close: () => {
        closing ??= (async () => {
          await Promise.all(servers.map(closeServer));
          await emulator.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
