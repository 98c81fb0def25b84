import { describe, expect, it } from 'vitest';
import { createClientFor } from './client';
import { fakeFetch, json } from '../adt-client/test-helpers';
import { useRequestLog } from '../stores/request-log';
import { SIGN_IN_AGAIN, useSession } from '../stores/session';

describe('createClientFor', () => {
  it('calls the emulator on the page origin by default', async () => {
    const { fetch, calls } = fakeFetch(() => json({ value: [], nextLink: null }));
    const client = createClientFor(
      { environment: { id: 'local', label: 'Local', kind: 'emulator', endpoint: '' }, proxyUrl: '/api/proxy', pageUrl: 'http://127.0.0.1:8080/app/index.html' },
      fetch,
    );
    await client.listEventRoutes().next();
    expect(calls[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/eventroutes\?api-version=2023-10-31/);
  });

  it('reaches a real instance through the proxy with x-adt-host, and logs without the token', async () => {
    useRequestLog.getState().clear();
    const { fetch, calls } = fakeFetch(() => json({ value: [], nextLink: null }));
    const client = createClientFor(
      {
        environment: { id: 'prod', label: 'Prod', kind: 'adt', endpoint: 'prod.api.weu.digitaltwins.azure.net' },
        proxyUrl: '/api/proxy',
        pageUrl: 'https://twinscope.example/',
        tokenProvider: { getToken: async () => 'secret-token-value' },
      },
      fetch,
    );
    await client.listEventRoutes().next();
    expect(calls[0]?.url).toMatch(/^https:\/\/twinscope\.example\/api\/proxy\/eventroutes/);
    expect(calls[0]?.headers['x-adt-host']).toBe('prod.api.weu.digitaltwins.azure.net');
    expect(calls[0]?.headers.authorization).toBe('Bearer secret-token-value');
    const logged = JSON.stringify(useRequestLog.getState().entries);
    expect(logged).toContain('eventroutes');
    expect(logged).not.toContain('secret-token-value');
  });

  it('asks to sign in again on a 401 from a real instance, keeping a retry a panel already registered', async () => {
    useSession.setState({ pending: null });
    const { fetch } = fakeFetch(() => json({ error: { code: 'Unauthorized', message: 'Unauthorized' } }, { status: 401 }));
    const target = { proxyUrl: '/api/proxy', pageUrl: 'https://twinscope.example/', tokenProvider: { getToken: async () => 't' } };
    const prod = createClientFor({ ...target, environment: { id: 'prod', label: 'Prod', kind: 'adt', endpoint: 'prod.api.weu.digitaltwins.azure.net' } }, fetch);
    await expect(prod.getDigitalTwin('x')).rejects.toMatchObject({ status: 401 });
    expect(useSession.getState().pending).toMatchObject({ environmentId: 'prod', message: SIGN_IN_AGAIN });

    const retry = () => {};
    useSession.getState().requireSignIn('prod', 'Sign in to run the query again.', retry);
    await expect(prod.getDigitalTwin('x')).rejects.toMatchObject({ status: 401 });
    expect(useSession.getState().pending?.retry).toBe(retry);
    useSession.getState().cancelPending(retry);
    expect(useSession.getState().pending).toBeNull();

    // The emulator has no sign-in to offer.
    const local = createClientFor({ ...target, environment: { id: 'local', label: 'Local', kind: 'emulator', endpoint: '' } }, fetch);
    await expect(local.getDigitalTwin('x')).rejects.toMatchObject({ status: 401 });
    expect(useSession.getState().pending).toBeNull();
  });
});
