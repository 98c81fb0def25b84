import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the SPA folder: an existing file as itself, any other page path as index.html (client-side routing).
 * Paths that look like files (with an extension) but do not exist are 404s rather than index.html, so a missing
 * script does not come back as HTML. Returns undefined when nothing was served.
 */
export async function staticResponse(appDir: string, request: Request, pathname: string,
  extraHeaders: Record<string, string>): Promise<Response | undefined> {
  const root = resolve(appDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  let file = candidate !== root && (await isFile(candidate)) ? candidate : undefined;
  if (!file && extname(decoded) === '') {
    const index = resolve(root, 'index.html');
    if (await isFile(index)) file = index;
  }
  if (!file) return undefined;
  const info = await stat(file);
  const hashedAsset = /[-.][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|wasm)$/.test(file) && file.includes(`${sep}assets${sep}`);
  const headers = {
    ...extraHeaders,
    'content-type': contentTypeOf(file),
    'content-length': String(info.size),
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    // Tells the app that our server is behind it (src/web/config/runtime-config.ts, OWN_SERVER_HEADER).
    'x-twinscope-server': 'emulator',
  };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
