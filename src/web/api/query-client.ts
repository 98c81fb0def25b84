import { QueryClient } from '@tanstack/react-query';

/**
 * The app's one cache of server state. It is a module, not only a React provider, so that code outside components
 * (the live event stream) updates the same cache the panels read.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});
