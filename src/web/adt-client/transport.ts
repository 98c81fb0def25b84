/**
 * Transports by origin. An environment whose base URL is a virtual origin (the emulator running in a Web Worker of
 * this page) registers the fetch that reaches it; everything that talks to an environment by URL (the client, the
 * endpoints list, the live event stream) asks here, so no request for that origin ever goes to the network.
 */
import { FetchEventSource } from './event-stream';
import type { EventStreamLike } from './event-stream';

const transports = new Map<string, typeof fetch>();

export function registerTransport(origin: string, fetchImpl: typeof fetch): void {
  transports.set(new URL(origin).origin, fetchImpl);
}

/** The fetch that reaches `url`: a registered transport for its origin, or the network. */
export function fetchFor(url: string): typeof fetch {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = '';
  }
  return transports.get(origin) ?? ((input, init) => globalThis.fetch(input, init));
}

/** An EventSource for `url`: the browser's own, or the same protocol read through a registered transport. */
export function openEventStream(url: string): EventStreamLike {
  const transport = transports.get(new URL(url).origin);
  return transport ? new FetchEventSource(url, transport) : new EventSource(url);
}
