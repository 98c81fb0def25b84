import { describe, it, expect } from 'vitest';
import type { DigitalTwin } from '../../../shared/adt';
import { propertyPaths, searchTwins } from './twins-search';

const twins: DigitalTwin[] = [
  { $dtId: 'room-101', $metadata: { $model: 'm' }, name: 'Kitchen', occupancy: 4, thermostat: { $metadata: {}, mode: 'heat' } },
  { $dtId: 'room-102', $metadata: { $model: 'm' }, name: 'Office', occupancy: 12 },
  { $dtId: 'Sensor-1', $metadata: { $model: 'Kitchen' }, tags: ['hot', 'wet'] },
];
const ids = (list: DigitalTwin[]) => list.map((t) => t.$dtId);

describe('searchTwins', () => {
  it('matches ids case-insensitively', () => {
    expect(ids(searchTwins(twins, 'ROOM', { kind: 'id' }))).toEqual(['room-101', 'room-102']);
    expect(ids(searchTwins(twins, 'sensor', { kind: 'id' }))).toEqual(['Sensor-1']);
  });

  it('matches any property value, in components and arrays, but not $ fields', () => {
    expect(ids(searchTwins(twins, 'kitchen', { kind: 'any' }))).toEqual(['room-101']);
    expect(ids(searchTwins(twins, 'heat', { kind: 'any' }))).toEqual(['room-101']);
    expect(ids(searchTwins(twins, 'wet', { kind: 'any' }))).toEqual(['Sensor-1']);
    expect(ids(searchTwins(twins, '12', { kind: 'any' }))).toEqual(['room-102']);
  });

  it('matches one property path', () => {
    expect(ids(searchTwins(twins, '4', { kind: 'property', path: 'occupancy' }))).toEqual(['room-101']);
    expect(ids(searchTwins(twins, 'heat', { kind: 'property', path: 'thermostat.mode' }))).toEqual(['room-101']);
    expect(ids(searchTwins(twins, 'heat', { kind: 'property', path: 'name' }))).toEqual([]);
  });

  it('returns everything for an empty query', () => {
    expect(searchTwins(twins, '  ', { kind: 'any' })).toHaveLength(3);
  });

  it('searches 50k twins quickly enough for every keystroke', () => {
    const many: DigitalTwin[] = Array.from({ length: 50_000 }, (_, i) => ({ $dtId: `t-${i}`, $metadata: { $model: 'm' }, name: `Twin ${i}`, level: i % 7 }));
    const started = performance.now();
    const found = searchTwins(many, 'twin 4999', { kind: 'any' });
    expect(ids(found).sort()).toEqual(['t-4999', 't-49990', 't-49991', 't-49992', 't-49993', 't-49994', 't-49995', 't-49996', 't-49997', 't-49998', 't-49999']);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('propertyPaths', () => {
  it('lists property paths across twins', () => {
    expect(propertyPaths(twins)).toEqual(['name', 'occupancy', 'tags', 'thermostat.mode']);
  });
});
