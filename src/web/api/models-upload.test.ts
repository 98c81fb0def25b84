import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { ModelIndex, formatDiagnostics, parseDtdlText, validateModels } from '../../shared/dtdl';
import { modelDependencies, modelIdOf } from '../../shared/dtdl';
import { planUpload, runDeleteAll, runUpload, type ModelCalls } from './models-upload';
import { realEstateCoreFiles } from '../../test-support/shared-dir';

const ctx = 'dtmi:dtdl:context;3';
function iface(id: string, opts: { extends?: string | string[]; components?: string[]; bad?: boolean } = {}): Record<string, unknown> {
  const contents: unknown[] = (opts.components ?? []).map((schema, i) => ({ '@type': 'Component', name: `c${i}`, schema }));
  if (opts.bad) contents.push({ '@type': 'Property', name: 'x', schema: 'notASchema' });
  return { '@context': ctx, '@id': id, '@type': 'Interface', ...(opts.extends ? { extends: opts.extends } : {}), contents };
}

class ServiceError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** A fake ADT model service with the real rules: all-or-nothing batches of at most 250, validated by src/shared/dtdl. */
class FakeService implements ModelCalls {
  readonly index = new ModelIndex();
  readonly calls: number[] = [];
  readonly deleted: string[] = [];
  async createModels(models: unknown[]): Promise<unknown> {
    this.calls.push(models.length);
    if (models.length > 250) throw new ServiceError(400, 'LimitExceeded', 'too many');
    const r = validateModels(models, this.index);
    if (!r.ok) {
      const exists = r.diagnostics.find((d) => d.code === 'model-exists');
      if (exists) throw new ServiceError(409, 'ModelIdAlreadyExists', exists.message);
      throw new ServiceError(400, 'DTDLParserError', formatDiagnostics(r.diagnostics));
    }
    for (const i of r.interfaces) this.index.add(i);
    return models.map((m) => ({ id: modelIdOf(m) }));
  }
  async deleteModel(id: string): Promise<void> {
    if (!this.index.has(id)) throw new ServiceError(404, 'ModelNotFound', `no ${id}`);
    const refs = this.index.referencedBy(id);
    if (refs.length > 0) throw new ServiceError(409, 'ModelReferencesNotDeleted', `referenced by ${refs.join(', ')}`);
    this.index.remove(id);
    this.deleted.push(id);
  }
}

describe('planUpload + runUpload', () => {
  it('skips existing models with a message, orders across the batch and the instance, and creates the rest', async () => {
    const service = new FakeService();
    await service.createModels([iface('dtmi:a:Space;1')]);
    const docs = [
      iface('dtmi:a:Lab;1', { extends: 'dtmi:a:Room;1' }),
      iface('dtmi:a:Room;1', { extends: 'dtmi:a:Space;1', components: ['dtmi:a:T;1'] }),
      iface('dtmi:a:Space;1'),
      iface('dtmi:a:T;1'),
    ];
    const plan = planUpload(docs, new Set(service.index.ids()));
    expect(plan.results).toEqual([{ id: 'dtmi:a:Space;1', status: 'skipped', message: expect.stringContaining('already exists') }]);
    expect(plan.ordered.map(modelIdOf)).toEqual(['dtmi:a:T;1', 'dtmi:a:Room;1', 'dtmi:a:Lab;1']);
    const progress: string[] = [];
    const results = await runUpload(service, plan.ordered, { onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
    expect(results.map((r) => [r.id, r.status])).toEqual([['dtmi:a:T;1', 'created'], ['dtmi:a:Room;1', 'created'], ['dtmi:a:Lab;1', 'created']]);
    expect(progress).toEqual(['0/3', '3/3']);
    expect(service.index.size).toBe(4);
  });

  it('when a batch fails, reports the failing model with the service error and does not attempt its dependents', async () => {
    const service = new FakeService();
    const docs = [
      iface('dtmi:a:Base;1'),
      iface('dtmi:a:Broken;1', { extends: 'dtmi:a:Base;1', bad: true }),
      iface('dtmi:a:Child;1', { extends: 'dtmi:a:Broken;1' }),
      iface('dtmi:a:Fine;1', { extends: 'dtmi:a:Base;1' }),
    ];
    const { ordered } = planUpload(docs, new Set());
    const results = await runUpload(service, ordered, { batchSize: 250 });
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId['dtmi:a:Base;1']?.status).toBe('created');
    expect(byId['dtmi:a:Fine;1']?.status).toBe('created');
    expect(byId['dtmi:a:Broken;1']).toMatchObject({ status: 'failed', code: 'DTDLParserError', message: expect.stringContaining('notASchema') });
    expect(byId['dtmi:a:Child;1']).toMatchObject({ status: 'not-attempted', message: expect.stringContaining('dtmi:a:Broken;1') });
    // One batch call, then one call per model that could still run.
    expect(service.calls).toEqual([4, 1, 1, 1]);
  });

  it('stops at the first error on a server error (no per-model retry storm)', async () => {
    const calls: ModelCalls = {
      createModels: async () => { throw new ServiceError(503, 'ServiceUnavailable', 'busy'); },
      deleteModel: async () => undefined,
    };
    const results = await runUpload(calls, [iface('dtmi:a:A;1'), iface('dtmi:a:B;1', { extends: 'dtmi:a:A;1' })], { batchSize: 1 });
    expect(results).toEqual([
      { id: 'dtmi:a:A;1', status: 'failed', code: 'ServiceUnavailable', message: 'busy' },
      { id: 'dtmi:a:B;1', status: 'not-attempted', message: expect.stringContaining('dtmi:a:A;1') },
    ]);
  });
});

describe('runDeleteAll', () => {
  it('deletes every model in reverse dependency order', async () => {
    const service = new FakeService();
    const docs = [iface('dtmi:a:S;1'), iface('dtmi:a:T;1'), iface('dtmi:a:R;1', { extends: 'dtmi:a:S;1', components: ['dtmi:a:T;1'] }), iface('dtmi:a:L;1', { extends: 'dtmi:a:R;1' })];
    await service.createModels(docs);
    const results = await runDeleteAll(service, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })));
    expect(results.every((r) => r.status === 'deleted')).toBe(true);
    expect(service.index.size).toBe(0);
    expect(service.deleted.indexOf('dtmi:a:L;1')).toBeLessThan(service.deleted.indexOf('dtmi:a:R;1'));
    expect(service.deleted.indexOf('dtmi:a:R;1')).toBeLessThan(service.deleted.indexOf('dtmi:a:S;1'));
  });

  it('deletes independent models concurrently, never a model before its dependents', async () => {
    const service = new FakeService();
    const docs = [iface('dtmi:a:Root;1'), ...Array.from({ length: 12 }, (_, i) => iface(`dtmi:a:Leaf${i};1`, { extends: 'dtmi:a:Root;1' })), iface('dtmi:a:Deep;1', { extends: 'dtmi:a:Leaf0;1' })];
    await service.createModels(docs);
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async (id) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, id === 'dtmi:a:Deep;1' ? 20 : 2));
        inFlight--;
        await service.deleteModel(id);
      },
    };
    const progress: number[] = [];
    const results = await runDeleteAll(slow, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })), { concurrency: 4, onProgress: (p) => progress.push(p.done) });
    expect(results.filter((r) => r.status !== 'deleted')).toEqual([]);
    expect(service.index.size).toBe(0);
    expect(maxInFlight).toBe(4);
    expect(service.deleted.at(-1)).toBe('dtmi:a:Root;1');
    expect(service.deleted.indexOf('dtmi:a:Deep;1')).toBeLessThan(service.deleted.indexOf('dtmi:a:Leaf0;1'));
    expect(progress.at(-1)).toBe(14);
  });

  it('keeps the pool full: a model starts as soon as its dependents are gone, not when a round ends', async () => {
    // A chain beside many leaves: the chain's models become ready one by one while the leaves are being deleted.
    const service = new FakeService();
    const chain = Array.from({ length: 5 }, (_, i) => iface(`dtmi:a:C${i};1`, i > 0 ? { extends: `dtmi:a:C${i - 1};1` } : {}));
    const leaves = Array.from({ length: 40 }, (_, i) => iface(`dtmi:a:L${i};1`));
    const docs = [...chain, ...leaves];
    await service.createModels(docs);
    let inFlight = 0;
    const samples: number[] = [];
    const slow: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async (id) => {
        inFlight++;
        samples.push(inFlight);
        await new Promise((r) => setTimeout(r, 3));
        inFlight--;
        await service.deleteModel(id);
      },
    };
    const results = await runDeleteAll(slow, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })), { concurrency: 8 });
    expect(results.filter((r) => r.status !== 'deleted')).toEqual([]);
    expect(Math.max(...samples)).toBe(8);
    // Until the leaves run out, every start finds the pool (nearly) full.
    expect(samples.slice(8, 30).every((n) => n >= 7)).toBe(true);
  });

  it('waits out a 429 Retry-After, halves the concurrency, and retries the model', async () => {
    const service = new FakeService();
    const docs = Array.from({ length: 10 }, (_, i) => iface(`dtmi:a:M${i};1`));
    await service.createModels(docs);
    const sleeps: number[] = [];
    let throttleOnce = true;
    let inFlight = 0;
    const afterThrottle: number[] = [];
    const calls: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async (id) => {
        inFlight++;
        if (!throttleOnce) afterThrottle.push(inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (id === 'dtmi:a:M3;1' && throttleOnce) {
          throttleOnce = false;
          throw Object.assign(new ServiceError(429, 'TooManyRequests', 'slow down'), { retryAfterMs: 1500 });
        }
        await service.deleteModel(id);
      },
    };
    const results = await runDeleteAll(calls, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })), {
      concurrency: 4,
      sleep: async (ms) => { sleeps.push(ms); },
    });
    expect(results.filter((r) => r.status !== 'deleted')).toEqual([]);
    expect(service.index.size).toBe(0);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps[0]).toBeGreaterThan(1000);
    expect(sleeps[0]).toBeLessThanOrEqual(1500);
    expect(Math.max(...afterThrottle.slice(3))).toBeLessThanOrEqual(2);
  });

  it('gives up on a model after repeated 429s and reports the service\'s message', async () => {
    const service = new FakeService();
    const docs = [iface('dtmi:a:M;1')];
    await service.createModels(docs);
    const calls: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async () => { throw Object.assign(new ServiceError(429, 'TooManyRequests', 'still busy'), { retryAfterMs: 0 }); },
    };
    const results = await runDeleteAll(calls, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })), { maxThrottleRetries: 2, sleep: async () => undefined });
    expect(results).toEqual([{ id: 'dtmi:a:M;1', status: 'failed', code: 'TooManyRequests', message: 'still busy' }]);
  });

  it('on cancel starts nothing new, lets deletions in flight finish, and reports the rest as not attempted', async () => {
    const service = new FakeService();
    const docs = Array.from({ length: 30 }, (_, i) => iface(`dtmi:a:M${i};1`));
    await service.createModels(docs);
    const controller = new AbortController();
    const calls: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async (id) => {
        await new Promise((r) => setTimeout(r, 2));
        await service.deleteModel(id);
        if (service.deleted.length === 5) controller.abort();
      },
    };
    const results = await runDeleteAll(calls, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })), { concurrency: 3, signal: controller.signal });
    const deleted = results.filter((r) => r.status === 'deleted').length;
    expect(results).toHaveLength(30);
    expect(deleted).toBe(service.deleted.length);
    expect(deleted).toBeGreaterThanOrEqual(5);
    expect(deleted).toBeLessThanOrEqual(7);
    expect(service.index.size).toBe(30 - deleted);
    expect(results.filter((r) => r.status === 'not-attempted').every((r) => r.message === 'Cancelled before it was deleted.')).toBe(true);
  });

  it('does not attempt a model whose dependent could not be deleted', async () => {
    const service = new FakeService();
    const docs = [iface('dtmi:a:S;1'), iface('dtmi:a:R;1', { extends: 'dtmi:a:S;1' })];
    await service.createModels(docs);
    const failing: ModelCalls = {
      createModels: async () => undefined,
      deleteModel: async (id) => { if (id === 'dtmi:a:R;1') throw new ServiceError(403, 'Forbidden', 'no rights'); await service.deleteModel(id); },
    };
    const results = await runDeleteAll(failing, docs.map((d) => ({ id: modelIdOf(d) as string, model: d })));
    expect(results).toEqual([
      { id: 'dtmi:a:R;1', status: 'failed', code: 'Forbidden', message: 'no rights' },
      { id: 'dtmi:a:S;1', status: 'not-attempted', message: expect.stringContaining('dtmi:a:R;1') },
    ]);
  });
});


describe('RealEstateCore ontology (767 DTDL v3 models)', () => {
  it('uploads in dependency order in batches of at most 250, each batch accepted on its own', async () => {
    // Reverse alphabetical file order, so that many children come before their parents.
    const docs = realEstateCoreFiles().reverse().flatMap((f) => parseDtdlText(readFileSync(f, 'utf8')).documents);
    expect(docs).toHaveLength(767);
    const service = new FakeService();
    const start = performance.now();
    const plan = planUpload(docs, new Set());
    const results = await runUpload(service, plan.ordered);
    const ms = performance.now() - start;
    console.log(`RealEstateCore: ordered, validated and uploaded 767 models in ${service.calls.length} calls, ${ms.toFixed(0)} ms`);
    expect(results.filter((r) => r.status !== 'created')).toEqual([]);
    expect(service.calls).toEqual([250, 250, 250, 17]);
    expect(service.index.size).toBe(767);
    // No batch may need a model from a later batch.
    const position = new Map(plan.ordered.map((d, i) => [modelIdOf(d), i]));
    for (const d of plan.ordered) {
      for (const dep of modelDependencies(d)) expect(position.get(dep) ?? -1).toBeLessThan(position.get(modelIdOf(d)) ?? -1);
    }
    // And everything can be removed again in reverse dependency order.
    const deleted = await runDeleteAll(service, plan.ordered.map((d) => ({ id: modelIdOf(d) as string, model: d })));
    expect(deleted.filter((r) => r.status !== 'deleted')).toEqual([]);
    expect(service.index.size).toBe(0);
  });
});
