/**
 * The Node side of the fetch-style core: node:http/node:https requests become standard Requests, and the core's
 * Responses are written back (streamed when they have no length, as the live event stream does).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Answer } from '../core/service';

/** Wire spellings kept as ADT sends them; Headers objects lower-case every name. */
const CANONICAL: Record<string, string> = {
  etag: 'ETag',
  'operation-location': 'Operation-Location',
  'operation-id': 'Operation-Id',
  'retry-after': 'Retry-After',
};

/** The origin the client used: scheme from the socket, authority from the Host header. */
function originOf(req: IncomingMessage): string {
  const secure = (req.socket as TLSSocket).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? ''}`;
  return `${secure ? 'https' : 'http'}://${host}`;
}

function requestUrl(req: IncomingMessage): string {
  const target = req.url ?? '/';
  const origin = originOf(req);
  try {
    // Concatenated, not resolved: a target such as `//x` is a path here, never a new authority.
    return new URL(target.startsWith('/') ? origin + target : target, origin).href;
  } catch {
    // A Host header no URL parser accepts: answer on the socket's own address instead.
    const fallback = `${(req.socket as TLSSocket).encrypted === true ? 'https' : 'http'}://127.0.0.1`;
    try {
      return new URL(target.startsWith('/') ? fallback + target : target, fallback).href;
    } catch {
      return `${fallback}/`;
    }
  }
}

/**
 * A pull-driven body: the core reads as much as it wants, and what it leaves unread Node discards after the response.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let attached = false;
  // highWaterMark 0: nothing is read from the socket until the core asks for it.
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!attached) {
        attached = true;
        req.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => controller.close());
        req.once('error', (err) => controller.error(err));
        req.once('close', () => {
          if (req.complete) return;
          try {
            controller.error(new Error('The client closed the connection before sending the whole body.'));
          } catch {
            // already closed
          }
        });
      }
      req.resume();
    },
    cancel() {
      req.resume();
    },
  }, { highWaterMark: 0, size: (chunk) => chunk.byteLength });
}

/**
 * Builds the Request. It carries no abort signal (an AbortController per request halves the throughput of a twin
 * GET): a streamed answer ends when the socket closes, through its reader (writeAnswer).
 */
export function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    try {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    } catch {
      // A value the Headers class refuses (Node's parser has already vetted names): leave it out.
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' &&
    (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0'));
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(requestUrl(req), init);
}

/** Writes an answer: byte bodies in one write, streams with backpressure. */
export async function writeAnswer(res: ServerResponse, answer: Answer, head = false): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) headers[CANONICAL[name] ?? name] = value;
  const body = answer.body;
  if (body === null || head) {
    res.writeHead(answer.status, headers);
    res.end();
    if (body instanceof ReadableStream) void body.cancel().catch(() => undefined);
    return;
  }
  if (body instanceof Uint8Array) {
    res.writeHead(answer.status, headers);
    res.end(body);
    return;
  }
  res.writeHead(answer.status, headers);
  res.flushHeaders();
  const reader = body.getReader();
  const onClose = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = (): void => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.once('drain', go);
          res.once('close', go);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // Headers are out; the only honest signal left is a cut connection.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}
