import { describe, expect, it } from 'vitest';
import { emulatorUrl } from './emulator';

describe('emulatorUrl', () => {
  it('keeps the base path, with or without a trailing slash', () => {
    expect(emulatorUrl('http://127.0.0.1:8080', 'blobs/x.ndjson')).toBe('http://127.0.0.1:8080/_emulator/blobs/x.ndjson');
    expect(emulatorUrl('http://127.0.0.1:8080/', 'endpoints')).toBe('http://127.0.0.1:8080/_emulator/endpoints');
    expect(emulatorUrl('http://x:1/emu', 'endpoints')).toBe('http://x:1/emu/_emulator/endpoints');
  });
});
