import { describe, expect, it } from 'vitest';
import { BrowserAuthError } from '@azure/msal-browser';
import { ADT_SCOPE, authorityForTenant, createEmulatorTokenProvider, describeSignInError, SignInCancelledError } from './index';

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
  it('turns MSAL error codes into one short sentence, never the raw code and link', () => {
    expect(describeSignInError(new BrowserAuthError('user_cancelled', 'test-correlation-id'))).toBe('Sign-in was cancelled.');
    expect(describeSignInError(new SignInCancelledError())).toBe('Sign-in was cancelled.');
    const timedOut = new BrowserAuthError('timed_out', 'test-correlation-id');
    expect(timedOut.message).toContain('aka.ms');
    expect(describeSignInError(timedOut)).toBe('Sign-in did not finish in time. Try again.');
    expect(describeSignInError(new Error('invalid_grant: See https://aka.ms/msal.js.errors#invalid_grant'))).toBe('invalid_grant:');
  });
});
