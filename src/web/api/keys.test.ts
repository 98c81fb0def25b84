import { describe, expect, it } from 'vitest';
import { AdtClient } from '../adt-client';
import { apiKeys } from './keys';

/** TanStack Query matches keys by prefix: invalidating a prefix reaches every key below it. */
function startsWith(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, i) => key[i] === part);
}

describe('the query key factory', () => {
  const a = new AdtClient({ baseUrl: 'http://a.example' });
  const b = new AdtClient({ baseUrl: 'http://a.example' });

  it('puts every key of a client under that client, and clients with one base URL apart', () => {
    for (const key of [apiKeys.twin(a, 't'), apiKeys.relationships(a, 't'), apiKeys.eventRoutes(a), apiKeys.emulatorEndpoints(a), apiKeys.models(a), apiKeys.modelTwinCount(a, 'm', 'exact')]) {
      expect(startsWith(key, apiKeys.ofClient(a))).toBe(true);
      expect(startsWith(key, apiKeys.ofClient(b))).toBe(false);
      expect(startsWith(key, apiKeys.all)).toBe(true);
    }
  });

  it('lets one invalidation reach every relationship list of a client, and only those', () => {
    expect(startsWith(apiKeys.relationships(a, 'x'), apiKeys.allRelationships(a))).toBe(true);
    expect(startsWith(apiKeys.twin(a, 'x'), apiKeys.allRelationships(a))).toBe(false);
    expect(apiKeys.twin(a, 'x')).not.toEqual(apiKeys.twin(a, 'y'));
  });

  it('puts the models list and every twin count by model under one prefix, and nothing else of the client', () => {
    for (const key of [apiKeys.models(a), apiKeys.modelTwinCounts(a), apiKeys.modelTwinCount(a, 'm', 'both')]) {
      expect(startsWith(key, apiKeys.allModels(a))).toBe(true);
    }
    expect(startsWith(apiKeys.twin(a, 'models'), apiKeys.allModels(a))).toBe(false);
    expect(apiKeys.modelTwinCount(a, 'm', 'exact')).not.toEqual(apiKeys.modelTwinCount(a, 'm', 'both'));
  });
});
