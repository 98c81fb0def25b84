/**
 * Import and delete jobs as server state: the lists, the writes on import jobs, and what a finished job (or any
 * bulk import) means for the cache: models, twins and relationships all changed at once, so everything cached for
 * that environment is read again. https://learn.microsoft.com/azure/digital-twins/concepts-apis-sdks#bulk-import-with-the-import-jobs-api
 */
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { DeleteJob, ImportJob } from '../../shared/adt';
import type { AdtClient } from '../adt-client';
import { apiKeys } from './keys';

export const jobKeys = { imports: apiKeys.importJobs, deletes: apiKeys.deleteJobs };

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function importJobsQueryOptions(client: AdtClient | null) {
  return queryOptions({
    queryKey: jobKeys.imports(client),
    queryFn: ({ signal }): Promise<ImportJob[]> => all((client as AdtClient).listImportJobs({ signal })),
    enabled: client !== null,
  });
}

export function deleteJobsQueryOptions(client: AdtClient | null) {
  return queryOptions({
    queryKey: jobKeys.deletes(client),
    queryFn: ({ signal }): Promise<DeleteJob[]> => all((client as AdtClient).listDeleteJobs({ signal })),
    enabled: client !== null,
  });
}

/**
 * The environment's models, twins and relationships changed in bulk (a job ended, a bulk import ran): every query
 * of that client is read again; other environments' caches stay.
 */
export function instanceChanged(queryClient: QueryClient, client: AdtClient | null): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: apiKeys.ofClient(client) });
}

const importJobsChanged = (queryClient: QueryClient, client: AdtClient | null) =>
  queryClient.invalidateQueries({ queryKey: jobKeys.imports(client) });

export function createImportJobMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (job: { jobId: string; inputBlobUri: string; outputBlobUri: string }) =>
      (client as AdtClient).createImportJob(job.jobId, { inputBlobUri: job.inputBlobUri, outputBlobUri: job.outputBlobUri }),
    onSuccess: () => importJobsChanged(queryClient, client),
  };
}

/** Cancels a running import job; what it imported so far stays, so the instance is read again too. */
export function cancelImportJobMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (jobId: string) => (client as AdtClient).cancelImportJob(jobId),
    onSuccess: () => instanceChanged(queryClient, client),
  };
}

/** Deletes an import job's record (not what it imported). */
export function deleteImportJobMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (jobId: string) => (client as AdtClient).deleteImportJob(jobId),
    onSuccess: () => importJobsChanged(queryClient, client),
  };
}

export function useCreateImportJob(client: AdtClient | null) {
  return useMutation(createImportJobMutation(useQueryClient(), client));
}

export function useCancelImportJob(client: AdtClient | null) {
  return useMutation(cancelImportJobMutation(useQueryClient(), client));
}

export function useDeleteImportJob(client: AdtClient | null) {
  return useMutation(deleteImportJobMutation(useQueryClient(), client));
}
