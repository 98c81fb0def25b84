import type { CloudEvent } from '../../shared/adt';
import type { EventDispatcher } from '../events';
import type { Store } from '../storage/store';
import type { RecentIds } from './recent-ids';

/**
 * What a handler sees of a request. The HTTP layer builds it (Node), a Web Worker could build it just as well:
 * path parameters are already percent-decoded, the body is already parsed JSON.
 */
export interface RequestContext {
  method: string;
  /** The request path as received (still percent-encoded), without the query. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** Absolute origin the client used, e.g. `https://127.0.0.1:8443`, for nextLink and Operation-Location. */
  baseUrl: string;
  /** Host name used as the CloudEvents `source`. */
  host: string;
  /** W3C traceparent of the request, passed on to the events it causes. */
  traceparent?: string;
}

export interface HandlerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The long-lived services shared by all handlers. */
export interface Core {
  store: Store;
  events: EventDispatcher;
  /** HTTP(S) client for import jobs (input and output blobs). */
  fetch: typeof fetch;
  jobs: JobState;
  /** Called with events after the write that caused them was committed. */
  publish(event: CloudEvent): void;
  log(message: string): void;
  /** Execution time limit of one query page; default ADT's 60 s (https://learn.microsoft.com/rest/api/digital-twins/dataplane/query/query-twins, TimeoutError). Tests lower it. */
  queryTimeoutMs?: number;
  /** Telemetry Message-Ids seen lately (per twin and component): a repeat is accepted but publishes nothing. */
  telemetrySeen?: RecentIds;
}

/** Bookkeeping of the running bulk job (ADT allows one import or delete job at a time). */
export interface JobState {
  /** `abort` stops the job's blob transfers (cancel, shutdown); `cancel` stops it at the next item. */
  running: { kind: 'import' | 'delete'; id: string; cancel: boolean; abort: AbortController } | null;
  /** Resolves when the running job, if any, has finished (tests and shutdown wait on it). */
  idle: Promise<void>;
}

export type Handler = (ctx: RequestContext, core: Core) => HandlerResponse | Promise<HandlerResponse>;

export interface Route {
  method: string;
  /** Path template with `{name}` segments, e.g. `/digitaltwins/{id}/relationships/{relationshipId}`. */
  path: string;
  handler: Handler;
}
