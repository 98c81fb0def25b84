import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server closed the connection without an answer or the time limit passed. */
  status: number;
  headers: Record<string, string>;
  body: string;
  timedOut: boolean;
}

/**
 * Sends bytes as they are over a fresh TCP connection (below fetch, which refuses to send malformed requests) and
 * reads the first response. `pauseAfter` sends only that many bytes, then waits: a client stalling mid-request.
 */
export function rawRequest(url: string, data: string | Buffer, o: { timeoutMs?: number; pauseAfter?: number } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks).toString('utf8')), timedOut });
    };
    const timer = setTimeout(() => finish(true), o.timeoutMs ?? 5000);
    socket.on('connect', () => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
      socket.write(o.pauseAfter !== undefined ? bytes.subarray(0, o.pauseAfter) : bytes);
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      const parsed = parseResponse(text);
      // One full response is enough (keep-alive connections stay open after it).
      if (parsed.status !== 0 && Buffer.byteLength(parsed.body) >= Number(parsed.headers['content-length'] ?? Infinity)) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

function parseResponse(text: string): Omit<RawAnswer, 'timedOut'> {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}

/** True when `body` is `{"error": {"code": "...", "message": "..."}}` with non-empty strings. */
export function isAdtError(body: string): boolean {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof error?.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '';
  } catch {
    return false;
  }
}
