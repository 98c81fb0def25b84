import { AdtClient, fetchFor, type TokenProvider } from '../adt-client';
import type { EnvironmentConfig } from '../config/runtime-config';
import { useRequestLog } from '../stores/request-log';
import { useSession } from '../stores/session';

export interface ClientTarget {
  environment: EnvironmentConfig;
  proxyUrl: string;
  /** Where the page lives; relative endpoints and proxy URLs resolve against it. */
  pageUrl: string;
  tokenProvider?: TokenProvider;
}

/**
 * The one place that turns an environment into an AdtClient. The emulator is called directly (same origin, or its
 * own URL, which answers CORS); a real ADT instance is reached through the proxy with `x-adt-host`, because ADT has
 * no CORS support. Every request is recorded in the request log, with bodies only while the user asks for them.
 */
export function createClientFor(target: ClientTarget, fetchImpl?: typeof fetch): AdtClient {
  const { environment } = target;
  const log = useRequestLog.getState();
  const common = {
    onRequestLog: (entry: Parameters<typeof log.add>[0]) => {
      log.add(entry);
      // Any 401 from a real instance, whichever panel made the call, brings up "Sign in again".
      if (entry.status === 401 && environment.kind === 'adt') useSession.getState().signInNeeded(environment.id);
    },
    logBodies: () => useRequestLog.getState().logBodies,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(target.tokenProvider ? { tokenProvider: target.tokenProvider } : {}),
  };
  if (environment.kind === 'emulator') {
    const base = environment.endpoint ? new URL(environment.endpoint, target.pageUrl) : new URL('/', target.pageUrl);
    // The transport is injected by origin: the in-browser emulator's virtual origin is answered by its Web Worker.
    return new AdtClient({ baseUrl: base.href, ...common, fetch: fetchImpl ?? fetchFor(base.href) });
  }
  return new AdtClient({ baseUrl: new URL(target.proxyUrl, target.pageUrl).href, adtHost: environment.endpoint, ...common });
}
