/**
 * DTMI syntax (the DTMI spec: https://github.com/Azure/digital-twin-model-identifier): `dtmi:<segment>(:<segment>)*[;<version>]`.
 * Segments: letters, digits, underscore; not starting with a digit; not ending with an underscore.
 * A segment starting with `_` is a system segment; system DTMIs are not allowed in model documents.
 */

export interface ParsedDtmi {
  /** The full identifier as given. */
  id: string;
  /** Everything before `;` — the versionless identity used when comparing versions. */
  path: string;
  /** Absent for v3 versionless ids. */
  major?: number;
  /** Only for v3 two-part versions. */
  minor?: number;
  /** True when any segment starts with `_`. */
  system: boolean;
}

const SEGMENT = '(?:[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?|_[A-Za-z0-9_]*[A-Za-z0-9])';
const DTMI_RE = new RegExp(`^dtmi:(${SEGMENT}(?::${SEGMENT})*)(?:;([1-9][0-9]{0,8})(?:\\.([1-9][0-9]{0,5}))?)?$`);

export const MAX_INTERFACE_DTMI_LENGTH = 128;
export const MAX_USER_DTMI_LENGTH = 2048;
export const MAX_DTMI_LENGTH = 4096;
export const RESERVED_DTMI_PREFIXES = ['dtmi:dtdl:', 'dtmi:standard:'] as const;

/** Syntactic parse, version-agnostic (accepts the v3 superset); undefined when not a DTMI at all. */
export function parseDtmi(id: string): ParsedDtmi | undefined {
  if (id.length > MAX_DTMI_LENGTH) return undefined;
  const m = DTMI_RE.exec(id);
  if (!m) return undefined;
  const segments = (m[1] ?? '').split(':');
  const parsed: ParsedDtmi = {
    id,
    path: `dtmi:${m[1] ?? ''}`,
    system: segments.some((s) => s.startsWith('_')),
  };
  if (m[2] !== undefined) parsed.major = Number(m[2]);
  if (m[3] !== undefined) parsed.minor = Number(m[3]);
  return parsed;
}

export type DtmiProblem = 'syntax' | 'version-required' | 'two-part-version' | 'system' | 'reserved' | 'too-long';

/**
 * Checks a DTMI that appears in a model document. `kind` decides the length limit:
 * 'interface' (128), 'user' (2048, element ids, relationship targets, schema ids).
 */
export function checkDtmi(id: string, version: 2 | 3, kind: 'interface' | 'user' = 'user'): DtmiProblem | undefined {
  const max = kind === 'interface' ? MAX_INTERFACE_DTMI_LENGTH : MAX_USER_DTMI_LENGTH;
  const parsed = parseDtmi(id);
  if (!parsed) return id.length > MAX_DTMI_LENGTH ? 'too-long' : 'syntax';
  if (version === 2 && parsed.major === undefined) return 'version-required';
  if (version === 2 && parsed.minor !== undefined) return 'two-part-version';
  if (parsed.system) return 'system';
  if (RESERVED_DTMI_PREFIXES.some((p) => id.startsWith(p))) return 'reserved';
  if (id.length > max) return 'too-long';
  return undefined;
}

export function isValidDtmi(id: string, version: 2 | 3, kind: 'interface' | 'user' = 'user'): boolean {
  return checkDtmi(id, version, kind) === undefined;
}

export function describeDtmiProblem(problem: DtmiProblem, version: 2 | 3, kind: 'interface' | 'user'): string {
  switch (problem) {
    case 'syntax':
      return version === 2
        ? "is not a valid DTMI (expected 'dtmi:<segment>(:<segment>)*;<version>'; segments use letters, digits and underscores, do not start with a digit nor end with an underscore; version 1-999999999)"
        : "is not a valid DTMI (expected 'dtmi:<segment>(:<segment>)*[;<major>[.<minor>]]'; segments use letters, digits and underscores, do not start with a digit nor end with an underscore)";
    case 'version-required':
      return 'has no version; DTDL v2 requires a version suffix such as ;1';
    case 'two-part-version':
      return 'has a two-part version, which only DTDL v3 allows';
    case 'system':
      return "contains a system segment (starting with '_'), which is not allowed in model documents";
    case 'reserved':
      return "uses a reserved prefix ('dtmi:dtdl:' and 'dtmi:standard:' are reserved by DTDL)";
    case 'too-long':
      return `is longer than ${kind === 'interface' ? MAX_INTERFACE_DTMI_LENGTH : MAX_USER_DTMI_LENGTH} characters`;
  }
}

/**
 * Orders versions of the same path: (major, minor) numerically, a missing minor counts as 0 (1 < 1.1 < 2).
 * Returns undefined when either side is versionless, because a versionless id has no place in the order.
 */
export function compareDtmiVersions(a: ParsedDtmi, b: ParsedDtmi): number | undefined {
  if (a.major === undefined || b.major === undefined) return undefined;
  if (a.major !== b.major) return a.major - b.major;
  return (a.minor ?? 0) - (b.minor ?? 0);
}

/** The last path segment of a DTMI, without its version: `dtmi:com:example:Room;1` → `Room`. For compact labels. */
export function dtmiShortName(id: string): string {
  const m = /([^:;]+)(?:;[\d.]+)?$/.exec(id);
  return m?.[1] ?? id;
}
