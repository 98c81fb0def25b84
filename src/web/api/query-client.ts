import { QueryClient } from '@tanstack/react-query';

/**
 * The app's one cache of server state. It is a module, not only a React provider, so that code outside components
 * (the live event stream) updates the same cache the panels read.
 */
export const queryClient = new QueryClient({
  // networkMode 'always': TanStack Query pauses queries and mutations while the browser says it is offline, so an
  // upload made offline waited silently instead of saying "you may be offline". The request is sent and its error
  // shown; the emulator in this browser needs no network at all.
  // https://tanstack.com/query/latest/docs/framework/react/guides/network-mode
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, networkMode: 'always' },
    mutations: { networkMode: 'always' },
  },
});
