import { describe, it, expect } from 'vitest';
import { analyzeConflict, diffDocuments, isBookkeepingPath, previewValue } from './patch-conflict';
import { testRoom } from '../../api/twins-fixtures';

describe('diffDocuments', () => {
  it('lists added, removed and changed values by pointer', () => {
    const before = testRoom();
    const after = { ...testRoom(), name: 'Renamed', area: 40 } as Record<string, unknown>;
    delete after.occupancy;
    const changes = diffDocuments(before, after);
    expect(changes).toEqual(expect.arrayContaining([
      { path: '/name', kind: 'changed', before: 'Room 1', after: 'Renamed' },
      { path: '/area', kind: 'added', after: 40 },
      { path: '/occupancy', kind: 'removed', before: 3 },
    ]));
    expect(changes).toHaveLength(3);
  });

  it('ignores the etag and lastUpdateTime bookkeeping', () => {
    const before = testRoom();
    const after = testRoom();
    after.$etag = 'W/"2"';
    after.$metadata.$lastUpdateTime = '2025-01-01T00:00:00Z';
    after.$metadata.name = { lastUpdateTime: '2025-01-01T00:00:00Z' };
    after.$metadata.area = { lastUpdateTime: '2025-01-01T00:00:00Z' };
    expect(diffDocuments(before, after)).toEqual([]);
    expect(isBookkeepingPath('/thermostat/$metadata/setpoint/lastUpdateTime')).toBe(true);
    expect(isBookkeepingPath('/lastUpdateTime')).toBe(false);
  });

  it('sees changes inside components', () => {
    const after = testRoom();
    (after.thermostat as Record<string, unknown>).setpoint = 18;
    expect(diffDocuments(testRoom(), after)).toEqual([{ path: '/thermostat/setpoint', kind: 'changed', before: 21, after: 18 }]);
  });
});

describe('analyzeConflict', () => {
  it('marks the server changes the patch would overwrite', () => {
    const server = { ...testRoom(), name: 'Theirs', occupancy: 9 };
    const report = analyzeConflict(testRoom(), server, [{ op: 'replace', path: '/name', value: 'Mine' }]);
    expect(report.serverChanges.map((c) => c.path).sort()).toEqual(['/name', '/occupancy']);
    expect(report.overlapping.map((c) => c.path)).toEqual(['/name']);
  });

  it('treats a patch of a whole object as overlapping changes inside it', () => {
    const server = testRoom();
    (server.thermostat as Record<string, unknown>).mode = 'cool';
    const report = analyzeConflict(testRoom(), server, [{ op: 'replace', path: '/thermostat', value: { $metadata: {} } }]);
    expect(report.overlapping.map((c) => c.path)).toEqual(['/thermostat/mode']);
  });
});

describe('previewValue', () => {
  it('shortens long values and marks absent ones', () => {
    expect(previewValue('x'.repeat(200), 10)).toHaveLength(10);
    expect(previewValue(undefined)).toBe('—');
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
  });
});
