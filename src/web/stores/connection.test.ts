import { describe, expect, it } from 'vitest';
import { environmentIdForHost, environmentOnHost, mergeEnvironments, normalizeHost, validateEnvironment } from './connection';
import { explainForbidden } from './session';

describe('environments', () => {
  it('normalises what people paste as a host', () => {
    expect(normalizeHost(' https://My.api.weu.digitaltwins.azure.net/models?x=1 ')).toBe('my.api.weu.digitaltwins.azure.net');
    expect(environmentIdForHost('HTTPS://a.api.weu.digitaltwins.azure.net/')).toBe('adt:a.api.weu.digitaltwins.azure.net');
  });

  it('rejects labels and hosts that cannot work, with a message that says why', () => {
    expect(validateEnvironment({ label: '', endpoint: 'a.b.c', kind: 'adt' })).toMatch(/label/);
    expect(validateEnvironment({ label: 'x', endpoint: 'not a host', kind: 'adt' })).toMatch(/not a host name/);
    expect(validateEnvironment({ label: 'x', endpoint: 'prod.api.weu.digitaltwins.azure.net', kind: 'adt' })).toBeNull();
    expect(validateEnvironment({ label: 'x', endpoint: 'https://prod.api.weu.digitaltwins.azure.net/', kind: 'adt' })).toBeNull();
  });

  it('refuses what is not an ADT host: a path, another domain, a port', () => {
    expect(validateEnvironment({ label: 'x', endpoint: 'https://example.com/foo', kind: 'adt' })).toMatch(/host name only, without "\/foo"/);
    expect(validateEnvironment({ label: 'x', endpoint: 'example.com', kind: 'adt' })).toMatch(/not an Azure Digital Twins host.*\.digitaltwins\.azure\.net/);
    expect(validateEnvironment({ label: 'x', endpoint: 'prod.api.weu.digitaltwins.azure.net?x=1', kind: 'adt' })).toMatch(/without "\?x=1"/);
    expect(validateEnvironment({ label: 'x', endpoint: 'prod.api.weu.digitaltwins.azure.net:8443', kind: 'adt' })).toMatch(/no port/);
  });

  it('finds another environment on the same host', () => {
    const envs = [{ id: 'adt:a.api.weu.digitaltwins.azure.net', label: 'A', kind: 'adt' as const, endpoint: 'a.api.weu.digitaltwins.azure.net' }];
    expect(environmentOnHost(envs, 'https://A.api.weu.digitaltwins.azure.net/')?.label).toBe('A');
    expect(environmentOnHost(envs, 'a.api.weu.digitaltwins.azure.net', 'adt:a.api.weu.digitaltwins.azure.net')).toBeUndefined();
    expect(environmentOnHost(envs, 'b.api.weu.digitaltwins.azure.net')).toBeUndefined();
  });

  it('lets the user override a preset of the same id', () => {
    const merged = mergeEnvironments(
      [{ id: 'local', label: 'Local', kind: 'emulator', endpoint: '' }, { id: 'p', label: 'Preset', kind: 'adt', endpoint: 'p.x.y' }],
      [{ id: 'p', label: 'Mine', kind: 'adt', endpoint: 'p.x.y' }],
    );
    expect(merged.map((e) => e.label)).toEqual(['Local', 'Mine']);
  });
});

describe('explainForbidden', () => {
  it('names the data-plane role for reads and for writes', () => {
    expect(explainForbidden('GET', 'https://x/digitaltwins/a')).toMatch(/Data Reader/);
    expect(explainForbidden('POST', 'https://x/query?api-version=1')).toMatch(/Data Reader/);
    expect(explainForbidden('PATCH', 'https://x/digitaltwins/a')).toMatch(/Data Owner/);
  });
});
