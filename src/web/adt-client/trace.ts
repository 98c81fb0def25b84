function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  // W3C forbids all-zero ids; with 8+ random bytes that is astronomically unlikely, but cheap to rule out.
  do crypto.getRandomValues(buf); while (buf.every((b) => b === 0));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A W3C trace context: version 00, random trace id and parent (span) id, sampled. */
export function newTraceparent(traceId: string = randomHex(16)): string {
  return `00-${traceId}-${randomHex(8)}-01`;
}

export function newTraceId(): string {
  return randomHex(16);
}

/**
 * A UUID v4. `crypto.randomUUID` exists only in secure contexts, and the app may be served over plain http on a LAN
 * address; `getRandomValues` works everywhere.
 */
export function randomUuid(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
