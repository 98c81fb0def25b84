import { describe, it, expect } from 'vitest';
import { describeDeletion, planTwinDeletion, relationshipNamesFor, suggestRelationshipId } from './twins-relationships';
import { testIndex, M } from '../../api/twins-fixtures';

const index = testIndex();
const names = (source: string, target?: string) => relationshipNamesFor(index, source, target).map((r) => r.name);

describe('relationshipNamesFor', () => {
  it('offers own and inherited relationships when no target is chosen', () => {
    expect(names(M.room)).toEqual(['contains', 'isNear', 'servedBy']);
  });

  it('filters by the target model, accepting models that extend the declared target', () => {
    expect(names(M.room, M.hvac)).toEqual(['isNear', 'servedBy']);
    expect(names(M.floor, M.meetingRoom)).toEqual(['contains', 'hasRoom', 'isNear']);
    expect(names(M.floor, M.equipment)).toEqual(['isNear']);
  });

  it('does not accept a parent of the declared target', () => {
    expect(names(M.floor, M.space)).toEqual(['contains', 'isNear']);
  });

  it('offers nothing for an unknown source model', () => {
    expect(names('dtmi:x:Nope;1')).toEqual([]);
  });
});

describe('deletion plan', () => {
  it('lists each relationship once, outgoing and incoming, even when both ends go', () => {
    const out = new Map([
      ['a', [{ $relationshipId: 'r1', $sourceId: 'a', $targetId: 'b', $relationshipName: 'contains' }]],
      ['b', []],
    ]);
    const incoming = new Map([
      ['b', [{ $relationshipId: 'r1', $sourceId: 'a', $relationshipName: 'contains', $relationshipLink: '/x' }]],
      ['a', [{ $relationshipId: 'r2', $sourceId: 'c', $relationshipName: 'isNear', $relationshipLink: '/y' }]],
    ]);
    const plan = planTwinDeletion(['a', 'b'], out, incoming);
    expect(plan.relationships.map((r) => `${r.sourceId}/${r.relationshipId}`)).toEqual(['a/r1', 'c/r2']);
    expect(describeDeletion(plan)).toBe('Delete 2 twins and the 2 relationships attached to them?');
  });

  it('names a single twin', () => {
    expect(describeDeletion({ twinIds: ['room-1'], relationships: [] })).toBe('Delete twin room-1? No relationships are attached.');
    expect(describeDeletion({ twinIds: ['room-1'], relationships: [{ sourceId: 'x', relationshipId: 'y', name: 'n' }] }))
      .toBe('Delete twin room-1 and the 1 relationship attached to it?');
  });
});

describe('ids and keys', () => {
  it('suggests a readable, unique relationship id', () => {
    expect(suggestRelationshipId('a', 'contains', 'b')).toBe('a-contains-b');
    expect(suggestRelationshipId('a', 'contains', 'b', new Set(['a-contains-b', 'a-contains-b-2']))).toBe('a-contains-b-3');
  });
});
