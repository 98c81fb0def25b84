// The composer's preview and the emulator apply a JSON Patch with the same shared rules (src/shared/json), so for
// the same twin and the same operations they must agree: both apply it to the same values, or both refuse it at the
// same operation for the same reason. The emulator is driven over HTTP, as the app drives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigitalTwin, PatchOperation } from '../../../shared/adt';
import { startTestEmulator, type TestEmulator } from '../../../emulator/test-support';
import { applyPatchPreview } from './patch-document';

const MODEL = 'dtmi:parity:Room;1';
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
  const created = await t.api.post('/models', [{
    '@context': 'dtmi:dtdl:context;3', '@id': MODEL, '@type': 'Interface',
    contents: [
      { '@type': 'Property', name: 'temperature', schema: 'double' },
      { '@type': 'Property', name: 'humidity', schema: 'double' },
      { '@type': 'Property', name: 'settings', schema: { '@type': 'Object', fields: [{ name: 'mode', schema: 'string' }, { name: 'target', schema: 'double' }] } },
      { '@type': 'Property', name: 'labels', schema: { '@type': 'Map', mapKey: { name: 'k', schema: 'string' }, mapValue: { name: 'v', schema: 'string' } } },
    ],
  }]);
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

/** The emulator's JsonPatchInvalid text, as the kind of failure it names. */
function serviceKind(message: string): string {
  if (/does not exist on/.test(message)) return 'target-missing';
  if (/Could not resolve path/.test(message)) return 'path-unresolved';
  if (/could not be applied/.test(message)) return 'add-failed';
  return `other: ${message}`;
}

/** The composer's advice, as the kind of failure it names. */
function previewKind(message: string): string {
  if (/is not set, so it cannot be/.test(message)) return 'target-missing';
  if (/Could not resolve the path/.test(message)) return 'path-unresolved';
  if (/cannot be added here/.test(message)) return 'add-failed';
  return `other: ${message}`;
}

/** The values of a twin, without what the service maintains. */
function values(twin: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(twin).filter(([k]) => !k.startsWith('$')));
}

const cases: [string, PatchOperation[]][] = [
  ['a replace of a set property', [{ op: 'replace', path: '/temperature', value: 21.5 }]],
  ['a replace of a property that is not set', [{ op: 'replace', path: '/humidity', value: 40 }]],
  ['a remove of a property that is not set', [{ op: 'remove', path: '/humidity' }]],
  ['an add under an object that is not set', [{ op: 'add', path: '/settings/mode', value: 'eco' }]],
  ['an add of the whole object, then a field of it', [{ op: 'add', path: '/settings', value: { mode: 'auto' } }, { op: 'add', path: '/settings/target', value: 19 }]],
  ['an add of a map key', [{ op: 'add', path: '/labels/floor', value: 'two' }]],
  ['a replace of a map key that is not there', [{ op: 'replace', path: '/labels/nope', value: 'x' }]],
  ['a good operation and then a path two levels into nothing', [{ op: 'replace', path: '/temperature', value: 1 }, { op: 'add', path: '/nothing/a/b', value: 1 }]],
  ['a remove of a set property, then a replace of it', [{ op: 'remove', path: '/temperature' }, { op: 'replace', path: '/temperature', value: 3 }]],
];

describe('the patch preview and the emulator agree', () => {
  it.each(cases)('%s', async (name, ops) => {
    const id = `parity-${cases.findIndex(([n]) => n === name)}`;
    const put = await t.api.put(`/digitaltwins/${id}`, { $metadata: { $model: MODEL }, temperature: 20, labels: { room: 'a' } });
    expect(put.status).toBe(200);
    const before = put.body as DigitalTwin;

    const preview = applyPatchPreview(before as Record<string, unknown>, ops);
    const patched = await t.api.patch(`/digitaltwins/${id}`, ops);
    const after = (await t.api.get(`/digitaltwins/${id}`)).body as Record<string, unknown>;

    if ('after' in preview) {
      expect(patched.status, patched.text).toBe(204);
      expect(values(after)).toEqual(values(preview.after));
    } else {
      expect(patched.status).toBe(400);
      expect(patched.body.error.code).toBe('JsonPatchInvalid');
      expect(serviceKind(patched.body.error.message)).toBe(previewKind(preview.message));
      // A refused patch changes nothing on the service.
      expect(values(after)).toEqual(values(before as Record<string, unknown>));
    }
  });

  it('covers both outcomes and every kind the service can give for property paths', () => {
    const kinds = new Set(cases.map(([, ops]) => {
      const preview = applyPatchPreview({ $dtId: 'x', $metadata: { $model: MODEL }, temperature: 20, labels: { room: 'a' } }, ops);
      return 'after' in preview ? 'ok' : previewKind(preview.message);
    }));
    expect([...kinds].sort()).toEqual(['ok', 'path-unresolved', 'target-missing']);
  });
});
