import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig, normalizeConfig } from './runtime-config';

describe('normalizeConfig', () => {
  it('keeps valid environments and puts the local emulator first when none is configured', () => {
    const config = normalizeConfig({
      msal: { clientId: 'abc', authority: 'https://login.microsoftonline.com/t1', cacheLocation: 'localStorage' },
      proxyUrl: 'https://proxy.example/api/proxy',
      environments: [
        { id: 'prod', label: 'Production', kind: 'adt', endpoint: 'prod.api.weu.digitaltwins.azure.net', color: '#c00' },
        { id: 42, label: 'broken' },
      ],
    });
    expect(config.environments.map((e) => e.id)).toEqual(['local', 'prod']);
    expect(config.environments[1]).toMatchObject({ kind: 'adt', color: '#c00' });
    expect(config.msal).toEqual({ clientId: 'abc', authority: 'https://login.microsoftonline.com/t1', cacheLocation: 'localStorage' });
    expect(config.proxyUrl).toBe('https://proxy.example/api/proxy');
  });

  it('falls back to the defaults for garbage', () => {
    expect(normalizeConfig('nope')).toBe(DEFAULT_CONFIG);
    expect(normalizeConfig({ environments: 'x' }).environments.map((e) => e.id)).toEqual(['local']);
  });

  it('loadConfig survives a missing file', async () => {
    const fake = (async () => new Response('not found', { status: 404 })) as typeof fetch;
    await expect(loadConfig(fake)).resolves.toBe(DEFAULT_CONFIG);
  });
});
