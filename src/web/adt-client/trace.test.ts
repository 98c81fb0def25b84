import { describe, expect, it } from 'vitest';
import { newTraceparent, randomUuid } from './trace';

describe('trace ids', () => {
  it('builds W3C traceparents that keep a given trace id', () => {
    const tid = 'a'.repeat(32);
    const tp = newTraceparent(tid);
    expect(tp).toMatch(new RegExp(`^00-${tid}-[0-9a-f]{16}-01$`));
    expect(newTraceparent(tid)).not.toBe(tp);
  });
  it('makes RFC 4122 version 4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 50 }, randomUuid));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
