import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../emulator/test-support';
import { emulatorUrl, fetchEmulatorEndpoints } from './emulator';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ endpoints: [{ name: 'live', kind: 'live' }, { name: 'alerts', kind: 'webhook', url: 'https://hooks.example/secret-path?code=s3cret' }] });
});
afterAll(async () => {
  await t.close();
});

describe('the emulator endpoints, as the app reads them', () => {
  it('lists the endpoints the emulator was started with, by name and kind, never their URLs', async () => {
    expect(await fetchEmulatorEndpoints(t.api.baseUrl)).toEqual([{ name: 'live', kind: 'live' }, { name: 'alerts', kind: 'webhook' }]);
    const raw = await (await fetch(emulatorUrl(t.api.baseUrl, 'endpoints'))).text();
    expect(raw).not.toContain('s3cret');
    expect(raw).not.toContain('hooks.example');
  });
});
