import { describe, expect, it } from 'vitest';
import { ADT_SCOPE, authorityForTenant, createEmulatorTokenProvider } from './index';

describe('auth', () => {
  it('the emulator provider yields no token', async () => {
    expect(await createEmulatorTokenProvider().getToken()).toBeNull();
  });
  it('requests the ADT data-plane scope', () => {
    expect(ADT_SCOPE).toBe('https://digitaltwins.azure.net/.default');
  });
  it('targets the given tenant on the configured login host', () => {
    expect(authorityForTenant('https://login.microsoftonline.com/organizations', 'contoso.onmicrosoft.com'))
      .toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com');
    expect(authorityForTenant('https://login.microsoftonline.us/common', '72f988bf-86f1-41af-91ab-2d7cd011db47'))
      .toBe('https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(authorityForTenant('https://login.microsoftonline.com/organizations')).toBe('https://login.microsoftonline.com/organizations');
  });
});
