import { describe, expect, it } from 'vitest';
import type { DigitalTwin } from '../../../shared/adt';
import { compileTwinFilter } from './twin-filter';

const twin = (id: string, props: Record<string, unknown>, model = 'dtmi:x:Room;1'): DigitalTwin => ({ $dtId: id, $metadata: { $model: model }, ...props });
const twins = [twin('a', { temperature: 72, name: 'Lab' }), twin('b', { temperature: 65 }), twin('c', { temperature: '80' }), twin('d', {}, 'dtmi:x:Floor;1')];

function matching(expr: string): string[] {
  const f = compileTwinFilter(expr);
  if (!f.ok) throw new Error(f.message);
  return twins.filter(f.test).map((t) => t.$dtId);
}

describe('compileTwinFilter', () => {
  it('filters by property value with the query language semantics', () => {
    expect(matching('temperature > 70')).toEqual(['a']); // '80' is a string: no coercion
    expect(matching('NOT (temperature > 70)')).toEqual(['b']); // missing stays unknown under NOT
    expect(matching("STARTSWITH(name, 'La') OR temperature = 65")).toEqual(['a', 'b']);
    expect(matching('IS_DEFINED(temperature)')).toEqual(['a', 'b', 'c']);
    expect(matching("$dtId IN ['a', 'd']")).toEqual(['a', 'd']);
    expect(matching("IS_OF_MODEL('dtmi:x:Floor;1')")).toEqual(['d']);
  });

  it('reports a syntax error with its offset in the expression', () => {
    const f = compileTwinFilter('temperature >');
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.offset).toBeGreaterThanOrEqual(0);
    expect(compileTwinFilter('').ok).toBe(false);
  });
});
