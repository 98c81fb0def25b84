import { describe, expect, it } from 'vitest';
import { createClientFor } from './client';
import { fakeFetch, json } from '../adt-client/test-helpers';
import { useRequestLog } from '../stores/request-log';

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
});
