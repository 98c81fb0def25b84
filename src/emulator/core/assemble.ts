/**
 * Puts the emulator together from a store: event dispatcher, scratch blobs for import jobs, the job state, the sample
 * seed and the fetch-style service. Portable: the Node server (server.ts) and the Web Worker of the static site both
 * build their emulator here, each with its own store and host.
 */
import type { CloudEvent } from '../../shared/adt';
import { createEventDispatcher } from '../events';
import type { EndpointConfig, EventDispatcher } from '../events';
import { adtRoutes } from '../handlers';
import type { Core } from '../handlers';
import { failInterruptedJobs } from '../handlers/jobs';
import { RecentIds } from '../handlers/recent-ids';
import { Router } from './router';
import { seedSample } from '../seed';
import type { Store } from '../storage/store';
import { toEventRoute } from '../storage/store';
import type { LiveStreamOptions } from './live-stream';
import { ScratchBlobs } from './scratch-blobs';
import { createService } from './service';
import type { EmulatorService, ServerLimits, ServiceOptions } from './service';

export interface AssembleOptions {
  store: Store;
  endpoints?: EndpointConfig[];
  /** HTTP client for import-job blobs and webhooks. Default: global fetch. */
  fetch?: typeof fetch;
  log: (message: string) => void;
  seed?: 'sample' | 'none';
  /** Host name recorded as the CloudEvents source of seeded data. */
  seedHost?: string;
  limits?: Partial<ServerLimits> & { queryTimeoutMs?: number };
  authToken?: string;
  cors?: boolean;
  /** Host names whose scratch-blob URLs the import jobs read from memory (default: loopback names). */
  scratchHosts?: ReadonlySet<string>;
  liveStream?: LiveStreamOptions;
  serveApp?: ServiceOptions['serveApp'];
}

export interface AssembledEmulator {
  service: EmulatorService;
  core: Core;
  dispatcher: EventDispatcher;
  scratchBlobs: ScratchBlobs;
  /** What seeding added, or null when the store already had data (or no seed was asked for). */
  seeded: { models: number; twins: number; relationships: number } | null;
  /** Stops the running job and event delivery, then closes the store. */
  close(): Promise<void>;
}

export function assembleEmulator(o: AssembleOptions): AssembledEmulator {
  const { store, log } = o;
  const scratchBlobs = new ScratchBlobs(o.scratchHosts);
  const interrupted = failInterruptedJobs(store);
  if (interrupted > 0) log(`marked ${interrupted} job(s) interrupted by the last shutdown as failed`);
  const dispatcher = createEventDispatcher({
    endpoints: o.endpoints ?? [{ name: 'live', kind: 'live' }],
    listRoutes: () => store.listRoutes().map(toEventRoute),
    ...(o.fetch ? { fetch: o.fetch } : {}),
    onDeliveryError: (err, endpoint) => log(`event delivery to ${endpoint} failed: ${String(err)}`),
  });
  const core: Core = {
    store,
    events: dispatcher,
    // Import jobs read and write the emulator's own scratch blobs from memory.
    fetch: scratchBlobs.fetchThrough(o.fetch ?? ((input, init) => globalThis.fetch(input, init))),
    jobs: { running: null, idle: Promise.resolve() },
    publish: (event: CloudEvent) => dispatcher.publish(event),
    log,
    telemetrySeen: new RecentIds(),
    ...(o.limits?.queryTimeoutMs !== undefined ? { queryTimeoutMs: o.limits.queryTimeoutMs } : {}),
  };
  const seeded = o.seed === 'sample' ? seedSample(core, o.seedHost) : null;
  if (seeded) log(`seeded the sample graph: ${seeded.models} models, ${seeded.twins} twins, ${seeded.relationships} relationships`);
  const { queryTimeoutMs: _unused, ...serverLimits } = o.limits ?? {};
  const service = createService({
    core,
    router: new Router(adtRoutes),
    dispatcher,
    scratchBlobs,
    cors: o.cors ?? true,
    limits: serverLimits,
    ...(o.authToken !== undefined ? { authToken: o.authToken } : {}),
    ...(o.liveStream ? { liveStream: o.liveStream } : {}),
    ...(o.serveApp ? { serveApp: o.serveApp } : {}),
  });
  let closing: Promise<void> | undefined;
  return {
    service,
    core,
    dispatcher,
    scratchBlobs,
    seeded,
    close: () => {
      closing ??= (async () => {
        if (core.jobs.running) {
          core.jobs.running.cancel = true;
          core.jobs.running.abort.abort();
        }
        await core.jobs.idle;
        await dispatcher.close();
        store.close();
      })();
      return closing;
    },
  };
}
