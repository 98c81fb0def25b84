/**
 * Models as server state: the one cached copy of an environment's models (with the index every panel needs), the
 * twin counts by model, the writes (upload, decommission, delete, delete all, moving twins to another model), and
 * what a write means for the cache, in one place: `modelsChanged` reads the list, the index and every count again.
 * https://learn.microsoft.com/azure/digital-twins/how-to-manage-model
 */
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ModelData } from '../../shared/adt';
import { ModelIndex, parseInterfaces, type Diagnostic, type InterfaceInfo } from '../../shared/dtdl';
import { queryStringLiteral } from '../../shared/query';
import type { AdtClient } from '../adt-client';
import { apiKeys } from './keys';
import { planUpload, runDeleteAll, runUpload, type DeleteAllOptions, type ModelResult, type Progress } from './models-upload';
import { twinKeys } from './twins';

/** The models' query keys (from the one factory in keys.ts); everything under `all` changes when models do. */
export const modelKeys = {
  all: apiKeys.allModels,
  list: apiKeys.models,
  twinCounts: apiKeys.modelTwinCounts,
  twinCount: apiKeys.modelTwinCount,
};

/** The environment's models, as every panel needs them: the list, by id, and the index with inheritance resolved. */
export interface LoadedModels {
  models: ModelData[];
  byId: Map<string, ModelData>;
  index: ModelIndex;
  interfaces: InterfaceInfo[];
  /** Problems found when re-reading the definitions (should be none: the service validated them on upload). */
  diagnostics: Diagnostic[];
  /** Models left out of the index because they did not parse; the rest stay usable. */
  skipped: string[];
}

/**
 * Builds the index from stored definitions. The service validated them on upload, so only the single-document
 * rules run (no cross-model checks): a model whose dependency was deleted since still loads.
 */
export function buildModelIndex(models: readonly ModelData[]): Omit<LoadedModels, 'models' | 'byId'> {
  const { interfaces, diagnostics } = parseInterfaces(models.map((m) => m.model ?? { '@id': m.id }));
  const parsed = new Set(interfaces.map((i) => i.id));
  return { index: new ModelIndex(interfaces), interfaces, diagnostics, skipped: models.filter((m) => !parsed.has(m.id)).map((m) => m.id) };
}

function withModels(models: ModelData[], index: Omit<LoadedModels, 'models' | 'byId'>): LoadedModels {
  return { ...index, models, byId: new Map(models.map((m) => [m.id, m])) };
}

/** Every model with its definition. */
export async function listModelDefinitions(client: AdtClient, signal?: AbortSignal): Promise<ModelData[]> {
  const models: ModelData[] = [];
  for await (const m of client.listModels({ includeModelDefinition: true, signal })) models.push(m);
  return models;
}

export async function loadModels(client: AdtClient, signal?: AbortSignal): Promise<LoadedModels> {
  const models = await listModelDefinitions(client, signal);
  return withModels(models, buildModelIndex(models));
}

/** A language map's English text, else its first entry. */
export function localized(map: Record<string, string> | undefined): string | undefined {
  if (!map) return undefined;
  return map.en ?? Object.values(map)[0];
}

export function modelsQueryOptions(client: AdtClient | null) {
  return queryOptions({
    queryKey: modelKeys.list(client),
    queryFn: ({ signal }) => loadModels(client as AdtClient, signal),
    enabled: client !== null,
    staleTime: 60_000,
  });
}

/**
 * The one cached copy of the environment's models, shared by the query editor, forms, inspector and models
 * workspace (one GET /models per change, not one per panel); read again after any model write (`modelsChanged`).
 * While it is read again the previous copy stays, so open views stay mounted.
 */
export function useModels(client: AdtClient | null) {
  return useQuery(modelsQueryOptions(client));
}

/**
 * Models changed on the service: the list with its index and every twin count by model are read again (the ones on
 * screen now, the others when next shown). Not awaited by the writes: their outcome shows before the reload ends.
 */
export function modelsChanged(queryClient: QueryClient, client: AdtClient | null): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: modelKeys.all(client) });
}

/** `modelsChanged` for a component's client. */
export function useModelsChanged(client: AdtClient | null): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => modelsChanged(queryClient, client), [queryClient, client]);
}

// Twin counts by model

/** The query that counts the twins whose model is exactly `id` (not its subtypes). */
export function twinCountQuery(id: string, exact = true): string {
  return `SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL(${queryStringLiteral(id)}${exact ? ', exact' : ''})`;
}

/**
 * Beyond this many twins the one-query scan stops; the tree then counts each model it shows with its own COUNT()
 * query, so every number it shows is exact.
 */
export const COUNT_SCAN_LIMIT = 20_000;

export interface TwinCounts {
  counts: Map<string, number>;
  /** The scan stopped at COUNT_SCAN_LIMIT: `counts` are lower bounds, and `scanned` twins were seen. */
  partial: boolean;
  scanned: number;
}

/** Twins per exact model, from one paged projection query (O(twins / page) requests, not one per model). */
export function twinCountsQueryOptions(client: AdtClient | null) {
  return queryOptions({
    queryKey: modelKeys.twinCounts(client),
    enabled: client !== null,
    queryFn: async ({ signal }): Promise<TwinCounts> => {
      const counts = new Map<string, number>();
      let seen = 0;
      for await (const row of (client as AdtClient).queryTwins<{ $model?: unknown }>('SELECT T.$metadata.$model FROM DIGITALTWINS T', { signal })) {
        if (typeof row.$model === 'string') counts.set(row.$model, (counts.get(row.$model) ?? 0) + 1);
        if (++seen >= COUNT_SCAN_LIMIT) return { counts, partial: true, scanned: seen };
      }
      return { counts, partial: false, scanned: seen };
    },
  });
}

export function useTwinCounts(client: AdtClient | null) {
  return useQuery(twinCountsQueryOptions(client));
}

/** At most this many COUNT() queries for tree rows at once: a tree of hundreds of rows must not flood the service. */
const COUNT_CONCURRENCY = 4;
let countsRunning = 0;
const countsWaiting: (() => void)[] = [];
async function limited<T>(run: () => Promise<T>): Promise<T> {
  if (countsRunning >= COUNT_CONCURRENCY) await new Promise<void>((resolve) => countsWaiting.push(resolve));
  countsRunning++;
  try {
    return await run();
  } finally {
    countsRunning--;
    countsWaiting.shift()?.();
  }
}

async function countQuery(client: AdtClient, query: string, signal: AbortSignal): Promise<number> {
  for await (const row of client.queryTwins<{ COUNT?: unknown }>(query, { signal })) if (typeof row.COUNT === 'number') return row.COUNT;
  return 0;
}

/** The exact number of twins of exactly `id`, for a tree row when the scan could not count them all. */
export function useExactTwinCount(client: AdtClient | null, id: string, enabled: boolean) {
  return useQuery({
    queryKey: modelKeys.twinCount(client, id, 'exact'),
    enabled: client !== null && enabled,
    staleTime: Infinity,
    queryFn: ({ signal }) => limited(() => countQuery(client as AdtClient, twinCountQuery(id), signal)),
  });
}

/** The number of twins of exactly `id`, and of `id` or any model extending it. */
export function useModelTwinCount(client: AdtClient | null, id: string | null) {
  return useQuery({
    queryKey: modelKeys.twinCount(client, id ?? '', 'both'),
    enabled: client !== null && id !== null,
    queryFn: async ({ signal }) => {
      const c = client as AdtClient;
      const [exact, withSubtypes] = await Promise.all([countQuery(c, twinCountQuery(id as string), signal), countQuery(c, twinCountQuery(id as string, false), signal)]);
      return { exact, withSubtypes };
    },
  });
}

// Writes

async function existingModelIds(client: AdtClient): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const m of client.listModels()) ids.add(m.id);
  return ids;
}

export interface UploadModelsInput {
  docs: unknown[];
  /** Progress over all `docs`, the ones skipped before the upload (they exist already) counted as done. */
  onProgress?: (p: Progress) => void;
}

/**
 * Uploads documents in dependency order, skipping ids that exist; one result per model. Models are read again
 * afterwards, also when the upload failed part way (some batches may have been created).
 */
export function uploadModelsMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: async ({ docs, onProgress }: UploadModelsInput): Promise<ModelResult[]> => {
      const c = client as AdtClient;
      const plan = planUpload(docs, await existingModelIds(c));
      const results = await runUpload(c, plan.ordered, {
        onProgress: (progress) => onProgress?.({ done: progress.done + plan.results.length, total: docs.length }),
      });
      return [...plan.results, ...results];
    },
    onSettled: () => {
      void modelsChanged(queryClient, client);
    },
  };
}

export function useUploadModels(client: AdtClient | null) {
  return useMutation(uploadModelsMutation(useQueryClient(), client));
}

/** The cached list shows a model as decommissioned at once (its definition, and so the index, stay as they are). */
function markDecommissioned(queryClient: QueryClient, client: AdtClient | null, id: string): void {
  queryClient.setQueryData<LoadedModels>(modelKeys.list(client), (data) => {
    if (!data?.byId.has(id)) return data;
    const models = data.models.map((m) => (m.id === id ? { ...m, decommissioned: true } : m));
    return withModels(models, data);
  });
}

/** Decommissions a model: the cached copy says so at once, then the models are read again. */
export function decommissionModelMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (id: string) => (client as AdtClient).decommissionModel(id),
    onSuccess: (_: void, id: string) => {
      markDecommissioned(queryClient, client, id);
      void modelsChanged(queryClient, client);
    },
  };
}

export function useDecommissionModel(client: AdtClient | null) {
  return useMutation(decommissionModelMutation(useQueryClient(), client));
}

/** Deletes a model; the models and the counts are read again. */
export function deleteModelMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: (id: string) => (client as AdtClient).deleteModel(id),
    onSuccess: () => {
      void modelsChanged(queryClient, client);
    },
  };
}

export function useDeleteModel(client: AdtClient | null) {
  return useMutation(deleteModelMutation(useQueryClient(), client));
}

/**
 * Deletes every model, dependency layer by layer (see runDeleteAll), and reads the models again however it ended:
 * a cancelled or failed run has deleted some.
 */
export async function deleteAllModels(
  queryClient: QueryClient,
  client: AdtClient,
  options: Pick<DeleteAllOptions, 'signal' | 'onProgress'>,
): Promise<ModelResult[]> {
  try {
    return await runDeleteAll(client, await listModelDefinitions(client, options.signal), options);
  } finally {
    void modelsChanged(queryClient, client);
  }
}

/** The ids of the twins whose model is exactly `modelId`. */
export async function twinIdsOfModel(client: AdtClient, modelId: string, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  const q = `SELECT T.$dtId FROM DIGITALTWINS T WHERE IS_OF_MODEL(${queryStringLiteral(modelId)}, exact)`;
  for await (const row of client.queryTwins<{ $dtId?: unknown }>(q, { signal })) if (typeof row.$dtId === 'string') ids.push(row.$dtId);
  return ids;
}

/**
 * Points one twin at another model (a `$metadata/$model` patch). Its cached copy is read again; the caller calls
 * `modelsChanged` once after moving a batch, as the counts by model change.
 */
export function moveTwinMutation(queryClient: QueryClient, client: AdtClient | null) {
  return {
    mutationFn: ({ twinId, modelId }: { twinId: string; modelId: string }) =>
      (client as AdtClient).updateDigitalTwin(twinId, [{ op: 'replace', path: '/$metadata/$model', value: modelId }]),
    onSuccess: (_: unknown, { twinId }: { twinId: string }) => {
      void queryClient.invalidateQueries({ queryKey: twinKeys.twin(client, twinId) });
    },
  };
}

export function useMoveTwin(client: AdtClient | null) {
  return useMutation(moveTwinMutation(useQueryClient(), client));
}
