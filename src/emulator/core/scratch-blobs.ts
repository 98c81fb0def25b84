import { ApiError } from '../errors';
import type { Answer } from './service';

export const SCRATCH_PREFIX = '/_emulator/blobs/';
const MAX_BLOB_BYTES = 128 * 2 ** 20;
const MAX_TOTAL_BYTES = 512 * 2 ** 20;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Blob {
  bytes: Uint8Array;
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

  /** @param hosts host names whose scratch URLs this store answers directly (default: the loopback names). */
  constructor(private readonly hosts: ReadonlySet<string> = LOOPBACK) {}

  get(name: string): Blob | undefined {
    return this.blobs.get(name);
  }

  put(name: string, bytes: Uint8Array, contentType = 'application/octet-stream'): void {
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
      if (!url.pathname.startsWith(SCRATCH_PREFIX) || !this.hosts.has(url.hostname)) return next(input, init);
      const name = decodeURIComponent(url.pathname.slice(SCRATCH_PREFIX.length));
      const method = (init?.method ?? 'GET').toUpperCase();
      if (method === 'GET') {
        const blob = this.get(name);
        return blob ? new Response(blob.bytes.slice(), { status: 200, headers: { 'content-type': blob.contentType } }) : new Response(null, { status: 404 });
      }
      if (method === 'PUT') {
        const bytes = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
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
export async function scratchBlobResponse(blobs: ScratchBlobs, request: Request, name: string, common: Record<string, string>): Promise<Answer> {
  const method = request.method;
  if (name === '' || name.includes('\0')) throw new ApiError(400, 'InvalidArgument', 'A scratch blob needs a name.');
  if (method === 'GET' || method === 'HEAD') {
    const blob = blobs.get(name);
    if (!blob) throw new ApiError(404, 'BlobNotFound', `There is no scratch blob named ${name}.`);
    return {
      status: 200,
      body: method === 'HEAD' ? null : blob.bytes,
      headers: { ...common, 'content-type': blob.contentType, 'content-length': String(blob.bytes.length) },
    };
  }
  if (method === 'PUT') {
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > MAX_BLOB_BYTES) throw tooLarge(`A scratch blob holds at most ${MAX_BLOB_BYTES} bytes`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (request.body) {
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_BLOB_BYTES) {
          await reader.cancel();
          throw tooLarge(`A scratch blob holds at most ${MAX_BLOB_BYTES} bytes`);
        }
        chunks.push(value);
      }
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) { bytes.set(c, offset); offset += c.length; }
    blobs.put(name, bytes, request.headers.get('content-type') ?? 'application/octet-stream');
    return { status: 201, body: null, headers: { ...common } };
  }
  if (method === 'DELETE') {
    if (!blobs.delete(name)) throw new ApiError(404, 'BlobNotFound', `There is no scratch blob named ${name}.`);
    return { status: 202, body: null, headers: { ...common } };
  }
  throw new ApiError(405, 'MethodNotAllowed', `The method ${method} is not allowed on scratch blobs.`, undefined, { allow: 'GET, HEAD, PUT, DELETE' });
}
