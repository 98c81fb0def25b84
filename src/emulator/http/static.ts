import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * script does not come back as HTML. Returns false when nothing was served.
 */
export async function serveStatic(appDir: string, req: IncomingMessage, res: ServerResponse, pathname: string,
  extraHeaders: Record<string, string>): Promise<boolean> {
  const root = resolve(appDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return false;
  let file = candidate !== root && (await isFile(candidate)) ? candidate : undefined;
  if (!file && extname(decoded) === '') {
    const index = resolve(root, 'index.html');
    if (await isFile(index)) file = index;
  }
  if (!file) return false;
  const info = await stat(file);
  const hashedAsset = /[-.][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|wasm)$/.test(file) && file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    ...extraHeaders,
    'content-type': contentTypeOf(file),
    'content-length': String(info.size),
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((done) => {
    createReadStream(file).on('error', () => { res.destroy(); done(); }).on('end', done).pipe(res);
  });
  return true;
}
