/**
 * The messages between the page and the in-browser emulator's worker, and the names both sides share.
 * The page's side is src/web/adt-client/worker-transport.ts (the web app does not import the emulator, so it keeps
 * its own copy of these shapes; they are plain data).
 */

/** The virtual origin of the in-browser environment: `.invalid` never resolves (RFC 2606), so nothing can leak. */
export const IN_BROWSER_HOST = 'in-this-browser.invalid';
export const IN_BROWSER_ORIGIN = `https://${IN_BROWSER_HOST}`;
/** The Web Lock held by the tab whose worker owns the store. */
export const IN_BROWSER_LOCK = 'twinscope-in-browser-store';

export type InBrowserStatus =
  | { state: 'starting' }
  | { state: 'ready'; persistence: 'opfs' | 'memory'; detail: string; seeded: boolean }
  | { state: 'busy'; detail: string }
  | { state: 'failed'; detail: string };

export type PageMessage =
  | { type: 'request'; id: number; url: string; method: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'cancel'; id: number }
  | { type: 'reset'; id: number };
