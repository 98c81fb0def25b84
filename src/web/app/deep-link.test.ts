import { describe, expect, it } from 'vitest';
import { parseDeepLink } from './deep-link';
import { pickAccount } from './auth-session';
import type { EnvironmentConfig } from '../config/runtime-config';

const envs: EnvironmentConfig[] = [
  { id: 'local', label: 'Local', kind: 'emulator', endpoint: '' },
  { id: 'prod', label: 'Prod', kind: 'adt', endpoint: 'prod.api.weu.digitaltwins.azure.net', tenantId: 't1' },
];

describe('parseDeepLink', () => {
  it('opens a configured instance by host and carries the query', () => {
    const q = "SELECT * FROM DIGITALTWINS WHERE $dtId = 'a b'";
    expect(parseDeepLink(`?env=prod.api.weu.digitaltwins.azure.net&query=${encodeURIComponent(q)}`, envs)).toEqual({ environmentId: 'prod', query: q });
  });

  it('proposes an unknown instance, without selecting it', () => {
    const link = parseDeepLink('?env=other.api.eus.digitaltwins.azure.net', envs);
    expect(link.environmentId).toBeUndefined();
    expect(link.proposeEnvironment).toMatchObject({ id: 'adt:other.api.eus.digitaltwins.azure.net', kind: 'adt', endpoint: 'other.api.eus.digitaltwins.azure.net', label: 'other' });
  });

  it('knows the emulator by name and reports anything else it cannot open', () => {
    expect(parseDeepLink('?env=local', envs).environmentId).toBe('local');
    expect(parseDeepLink('?env=bogus', envs)).toEqual({ unknownEnvironment: 'bogus' });
    expect(parseDeepLink('?env=example.com', envs)).toEqual({ unknownEnvironment: 'example.com' });
    expect(parseDeepLink('?env=%3Cscript%3E', envs)).toEqual({ unknownEnvironment: '<script>' });
    expect(parseDeepLink('', envs)).toEqual({});
  });
});

describe('pickAccount', () => {
  const accounts = [
    { homeAccountId: 'u1.t0', username: 'a@t0', tenantId: 't0' },
    { homeAccountId: 'u1.t1', username: 'a@t1', tenantId: 't1' },
  ];
  it('prefers the chosen account, then the environment tenant', () => {
    expect(pickAccount(envs[1]!, accounts, {})?.username).toBe('a@t1');
    expect(pickAccount(envs[1]!, accounts, { prod: 'u1.t0' })?.username).toBe('a@t0');
    expect(pickAccount({ ...envs[1]!, tenantId: 'zz' }, accounts, {})).toBeUndefined();
  });
});
