// For the api modules' cache tests: a QueryClient as the app configures it for tests (no retries), and a way to run
// a module's mutation options on it outside React, as useMutation would.
import { MutationObserver, QueryClient } from '@tanstack/react-query';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/** Runs `options` (a module's mutation options: mutationFn and its cache rules) once with `variables`. */
export function runMutation<TData, TVariables>(
  queryClient: QueryClient,
  options: { mutationFn: (v: TVariables) => Promise<TData> },
  variables: TVariables,
): Promise<TData> {
  return new MutationObserver(queryClient, options).mutate(variables);
}
