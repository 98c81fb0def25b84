import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors';

export const SCRATCH_PREFIX = '/_emulator/blobs/';
const MAX_BLOB_BYTES = 128 * 2 ** 20;
const MAX_TOTAL_BYTES = 512 * 2 ** 20;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Blob {
  bytes: Buffer;
  contentType: string;
}

/**
 * A scratch blob store, so that import jobs run against the emulator without Azure Storage: the app uploads its
 * NDJSON here and the job writes its log here, as they would to blob URLs with a SAS. In memory, lost at restart,
 * capped at 128 MiB a blob and 512 MiB in all.
 */
export class ScratchBlobs {
  private readonly blobs = new Map<string, Blob>();
  private total = 0;

  get(name: string): Blob | undefined {
    return this.blobs.get(name);
  }

  put(name: string, bytes: Buffer, contentType = 'application/octet-stream'): void {
    if (bytes.length > MAX_BLOB_BYTES) throw tooLarge(`A scratch blob holds at most ${MAX_BLOB_BYTES} bytes`);
    const previous = this.blobs.get(name)?.bytes.length ?? 0;
    if (this.total - previous + bytes.length > MAX_TOTAL_BYTES) {
      throw tooLarge(`The scratch blobs hold at most ${MAX_TOTAL_BYTES} bytes in all; delete some first`);
    }
    this.total += bytes.length - previous;
    this.blobs.set(name, { bytes, contentType });
  }

  delete(name: string): boolean {
    const blob = this.blobs.get(name);
    if (!blob) return false;
    this.total -= blob.bytes.length;
    return this.blobs.delete(name);
  }

  /**
   * A fetch for the emulator's own jobs: its scratch URLs (on a loopback host) are answered from memory, without a
   * round trip through its own HTTP(S) listener and self-signed certificate; every other URL goes to `next`.
   */
  fetchThrough(next: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (!url.pathname.startsWith(SCRATCH_PREFIX) || !LOOPBACK.has(url.hostname)) return next(input, init);
      const name = decodeURIComponent(url.pathname.slice(SCRATCH_PREFIX.length));
      const method = (init?.method ?? 'GET').toUpperCase();
      if (method === 'GET') {
        const blob = this.get(name);
        return blob ? new Response(new Uint8Array(blob.bytes), { status: 200, headers: { 'content-type': blob.contentType } }) : new Response(null, { status: 404 });
      }
      if (method === 'PUT') {
        const bytes = Buffer.from(await new Response(init?.body ?? null).arrayBuffer());
        const type = new Headers(init?.headers).get('content-type') ?? undefined;
        try {
          this.put(name, bytes, type);
        } catch (err) {
          return new Response(err instanceof Error ? err.message : String(err), { status: 413 });
        }
        return new Response(null, { status: 201 });
      }
      return new Response(null, { status: 405 });
    };
  }
}

function tooLarge(message: string): ApiError {
  return new ApiError(413, 'PayloadTooLarge', `${message}.`);
}

/** GET, HEAD, PUT and DELETE of `/_emulator/blobs/{name}`, with blob storage's status codes. */
export async function serveScratchBlob(blobs: ScratchBlobs, req: IncomingMessage, res: ServerResponse, name: string, common: Record<string, string>): Promise<void> {
  const method = req.method ?? 'GET';
  if (name === '' || name.includes('\0')) throw new ApiError(400, 'InvalidArgument', 'A scratch blob needs a name.');
  if (method === 'GET' || method === 'HEAD') {
    const blob = blobs.get(name);
    if (!blob) throw new ApiError(404, 'BlobNotFound', `There is no scratch blob named ${name}.`);
    res.writeHead(200, { ...common, 'content-type': blob.contentType, 'content-length': String(blob.bytes.length) });
    res.end(method === 'HEAD' ? undefined : blob.bytes);
    return;
  }
  if (method === 'PUT') {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_BLOB_BYTES) throw tooLarge(`A scratch blob holds at most ${MAX_BLOB_BYTES} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BLOB_BYTES) throw tooLarge(`A scratch blob holds at most ${MAX_BLOB_BYTES} bytes`);
      chunks.push(chunk);
    }
    blobs.put(name, Buffer.concat(chunks), req.headers['content-type'] ?? 'application/octet-stream');
    res.writeHead(201, common);
    res.end();
    return;
  }
  if (method === 'DELETE') {
    if (!blobs.delete(name)) throw new ApiError(404, 'BlobNotFound', `There is no scratch blob named ${name}.`);
    res.writeHead(202, common);
    res.end();
    return;
  }
  throw new ApiError(405, 'MethodNotAllowed', `The method ${method} is not allowed on scratch blobs.`, undefined, { allow: 'GET, HEAD, PUT, DELETE' });
}
