/**
 * JSON Pointers as RFC 6901 defines them (https://www.rfc-editor.org/rfc/rfc6901): built from and split into their
 * reference tokens, `~` escaped as `~0` and `/` as `~1`.
 */

export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `base` followed by each segment, escaped. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const s of segments) out += `/${escapePointerSegment(s)}`;
  return out;
}

/** The pointer of a list of reference tokens (`[]` gives the whole document, `''`). */
export function toPointer(segments: readonly (string | number)[]): string {
  return joinPointer('', ...segments);
}

/** The reference tokens of a pointer, unescaped (`~1` → `/`, then `~0` → `~`). `''` has none. */
export function splitPointer(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A JSON pointer as RFC 6901 defines it: empty, or `/`-separated tokens where `~` is only followed by 0 or 1. */
export function isValidPointer(path: string): boolean {
  return path === '' || (path.startsWith('/') && !/~[^01]|~$/.test(path));
}

/** True when one pointer is the other or contains it (`/a` and `/a/b`). */
export function pointersOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
