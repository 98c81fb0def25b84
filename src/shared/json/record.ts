/** A JSON object: not null, not an array. The one test for "is this a JSON object" across the code base. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
