import { describe, it, expect } from 'vitest';
import { isValidPointer } from '../../../shared/json';
import { analyzePatch, appendToPatchText, applyPatchPreview, formatPatch, parsePatchText, readOnlyReason } from './patch-document';
import { testIndex, testRoom, M } from '../../api/twins-fixtures';

const index = testIndex();

function errors(text: string) {
  return analyzePatch(text, testRoom(), index).problems.filter((p) => p.severity === 'error');
}

describe('parsePatchText: the JSON Patch shape', () => {
  it('reads add/replace/remove operations', () => {
    const r = parsePatchText('[{"op":"replace","path":"/name","value":"A"},{"op":"remove","path":"/occupancy"}]');
    expect(r.ops).toEqual([{ op: 'replace', path: '/name', value: 'A' }, { op: 'remove', path: '/occupancy' }]);
    expect(r.problems).toEqual([]);
  });

  it('locates JSON syntax errors', () => {
    const text = '[{"op": "add" "path": "/x"}]';
    const r = parsePatchText(text);
    expect(r.ops).toBeNull();
    expect(r.problems[0]?.message).toMatch(/JSON syntax: CommaExpected/);
    expect(r.problems[0]?.offset).toBe(text.indexOf('"path"'));
  });

  it('requires an array of objects', () => {
    expect(parsePatchText('{"op":"add"}').problems[0]?.message).toMatch(/JSON array/);
    expect(parsePatchText('[1]').problems[0]?.message).toMatch(/Operation 0 must be an object/);
  });

  it('rejects operations ADT does not support, pointing at the op value', () => {
    const text = '[{"op":"move","from":"/a","path":"/b"}]';
    const r = parsePatchText(text);
    expect(r.ops).toBeNull();
    const p = r.problems.find((x) => x.severity === 'error');
    expect(p?.message).toMatch(/only the operations add, replace and remove, not "move"/);
    expect(text.slice(p?.offset, (p?.offset ?? 0) + (p?.length ?? 0))).toBe('"move"');
  });

  it('requires a path that is a JSON pointer, and a value for add and replace', () => {
    expect(parsePatchText('[{"op":"add","path":"name","value":1}]').problems[0]?.message).toMatch(/JSON pointer/);
    expect(parsePatchText('[{"op":"add","path":"/a~2b","value":1}]').problems[0]?.message).toMatch(/JSON pointer/);
    expect(parsePatchText('[{"op":"replace","path":"/name"}]').problems[0]?.message).toMatch(/needs a "value"/);
    expect(parsePatchText('[{"path":"/name"}]').problems[0]?.message).toMatch(/no "op"/);
  });

  it('warns about unknown members and an empty patch without failing the shape', () => {
    const r = parsePatchText('[{"op":"remove","path":"/name","extra":1}]');
    expect(r.ops).toHaveLength(1);
    expect(r.problems.map((p) => p.severity)).toEqual(['warning']);
    expect(parsePatchText('[]').problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/no operations/) })]);
  });

  it('isValidPointer follows RFC 6901', () => {
    expect(isValidPointer('/a~0b/c~1d')).toBe(true);
    expect(isValidPointer('/a~')).toBe(false);
    expect(isValidPointer('a')).toBe(false);
  });
});

describe('analyzePatch: applying and validating against the model', () => {
  it('previews the twin after the patch and accepts a valid one', () => {
    const a = analyzePatch('[{"op":"replace","path":"/name","value":"Lobby"},{"op":"add","path":"/area","value":12.5},{"op":"replace","path":"/thermostat/mode","value":"cool"}]', testRoom(), index);
    expect(a.ok).toBe(true);
    expect(a.after?.name).toBe('Lobby');
    expect(a.after?.area).toBe(12.5);
    expect((a.after?.thermostat as Record<string, unknown>).mode).toBe('cool');
  });

  it('does not change the twin it previews', () => {
    const twin = testRoom();
    analyzePatch('[{"op":"replace","path":"/name","value":"X"}]', twin, index);
    expect(twin.name).toBe('Room 1');
  });

  it('rejects a replace of a property that is not set, as ADT does', () => {
    const e = errors('[{"op":"replace","path":"/area","value":3}]');
    expect(e[0]?.message).toMatch(/'area' is not set.*use add/);
  });

  it('rejects a path whose parent does not exist', () => {
    expect(errors('[{"op":"add","path":"/nothing/deep","value":3}]')[0]?.message).toMatch(/Could not resolve the path/);
  });

  it('pins a schema error to the value of the operation that caused it', () => {
    const text = '[{"op":"replace","path":"/occupancy","value":"many"}]';
    const e = errors(text);
    expect(e).toHaveLength(1);
    expect(e[0]?.message).toMatch(/integer/);
    expect(text.slice(e[0]?.offset, (e[0]?.offset ?? 0) + (e[0]?.length ?? 0))).toBe('"many"');
  });

  it('rejects enum values outside the enum, unknown properties and telemetry', () => {
    expect(errors('[{"op":"replace","path":"/thermostat/mode","value":"auto"}]')[0]?.message).toMatch(/enum/);
    expect(errors('[{"op":"add","path":"/colour","value":"red"}]')[0]?.message).toMatch(/not defined/);
    expect(errors('[{"op":"add","path":"/temperature","value":20}]')[0]?.message).toMatch(/Telemetry/);
  });

  it('rejects removing a component and writing read-only paths', () => {
    expect(errors('[{"op":"remove","path":"/thermostat"}]')[0]?.message).toMatch(/missing component/);
    expect(errors('[{"op":"replace","path":"/$dtId","value":"x"}]')[0]?.message).toMatch(/cannot be changed/);
    expect(readOnlyReason('/$metadata/name/lastUpdateTime')).toMatch(/only sourceTime/);
    expect(readOnlyReason('/$metadata/name/sourceTime')).toBeNull();
  });

  it('validates a model migration against the new model', () => {
    const ok = analyzePatch(`[{"op":"replace","path":"/$metadata/$model","value":"${M.meetingRoom}"}]`, testRoom(), index);
    expect(ok.ok).toBe(true);
    const bad = analyzePatch(`[{"op":"replace","path":"/$metadata/$model","value":"${M.floor}"}]`, testRoom(), index);
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.message).join(' ')).toMatch(/occupancy/);
  });

  it('checks only the shape when the model is not loaded', () => {
    const a = analyzePatch('[{"op":"replace","path":"/name","value":"X"}]', { ...testRoom(), $metadata: { $model: 'dtmi:other:X;1' } }, index);
    expect(a.ok).toBe(true);
    expect(a.problems[0]?.message).toMatch(/not loaded/);
  });

  it('is not ok when empty', () => {
    expect(analyzePatch('[]', testRoom(), index).ok).toBe(false);
  });
});

describe('patch text helpers', () => {
  it('applyPatchPreview stops at the first failing operation', () => {
    const r = applyPatchPreview({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/b' }]);
    expect(r).toEqual({ failedIndex: 1, message: expect.stringMatching(/'b' is not set/) });
  });

  it('appends operations to a valid patch and keeps invalid text', () => {
    const text = appendToPatchText(formatPatch([{ op: 'remove', path: '/a' }]), [{ op: 'add', path: '/b', value: 1 }]);
    expect(parsePatchText(text).ops).toEqual([{ op: 'remove', path: '/a' }, { op: 'add', path: '/b', value: 1 }]);
    const broken = '[{"op": ';
    expect(appendToPatchText(broken, [{ op: 'remove', path: '/a' }]).startsWith(broken)).toBe(true);
  });
});
