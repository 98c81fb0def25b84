/**
 * Continuation tokens: stateless and opaque to clients. A token is base64url(JSON) of the query text, the key of the
 * last item returned (keyset paging: the next page resumes strictly after it in the engine's key order, so writes
 * between pages can neither shift an item onto a page already served nor push one past the next page), how many
 * items were returned so far (for TOP) and a hash over all of it. Nothing is kept on the server, so tokens survive
 * restarts and need no expiry.
 */

interface TokenBody { v: 2; h: string; q: string; k: string[]; n: number }

/** Where a query resumes: after the item with key `after`, `emitted` items having been returned before. */
export interface Resume { query: string; after: string[]; emitted: number }

/** FNV-1a, 32 bit: detects tampered or truncated tokens; not a security boundary. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 !== undefined) out += ALPHABET[b2 & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    buffer = (buffer << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

function digest(query: string, after: readonly string[], emitted: number): string {
  return hashText(JSON.stringify([query, after, emitted]));
}

export function encodeContinuationToken(resume: Resume): string {
  const body: TokenBody = { v: 2, h: digest(resume.query, resume.after, resume.emitted), q: resume.query, k: resume.after, n: resume.emitted };
  return toBase64Url(new TextEncoder().encode(JSON.stringify(body)));
}

/** What a token stands for, or undefined when it is not one of ours (or was altered). */
export function decodeContinuationToken(token: string): Resume | undefined {
  const bytes = fromBase64Url(token);
  if (!bytes) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Partial<TokenBody>;
  if (b.v !== 2 || typeof b.q !== 'string' || typeof b.h !== 'string' || typeof b.n !== 'number') return undefined;
  if (!Array.isArray(b.k) || b.k.length === 0 || !b.k.every((x) => typeof x === 'string')) return undefined;
  if (!Number.isSafeInteger(b.n) || b.n < 1 || digest(b.q, b.k, b.n) !== b.h) return undefined;
  return { query: b.q, after: b.k, emitted: b.n };
}
