import { fetchFor } from '../adt-client';

/**
 * The emulator's own endpoints, beside the ADT API it serves: the live event stream, scratch blobs for import jobs
 * and the list of its event endpoints. All under `/_emulator/`, relative to the environment's base URL.
 */
export function emulatorUrl(baseUrl: string, path: string): string {
  return new URL(`_emulator/${path}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

export interface EmulatorEndpoint {
  name: string;
  kind: 'live' | 'webhook';
}

/** The event endpoints the emulator was started with (`--endpoint`), for the routes form's suggestions. */
export async function fetchEmulatorEndpoints(baseUrl: string, signal?: AbortSignal): Promise<EmulatorEndpoint[]> {
  const url = emulatorUrl(baseUrl, 'endpoints');
  // The in-browser emulator answers through its worker transport, not the network.
  const res = await fetchFor(url)(url, signal ? { signal } : {});
  if (!res.ok) throw new Error(`The emulator did not list its endpoints (HTTP ${res.status}).`);
  const body = (await res.json()) as { value?: unknown };
  return Array.isArray(body.value)
    ? body.value.filter((e): e is EmulatorEndpoint => typeof e === 'object' && e !== null && typeof (e as EmulatorEndpoint).name === 'string')
    : [];
}
