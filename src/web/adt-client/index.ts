export { AdtClient, encodeSegment } from './client';
export type {
  AdtClientOptions, CreateDeleteJobOptions, EtagResult, GetModelOptions, IfMatchOptions, ListModelsOptions, ListOptions,
  ListPage, ListRelationshipsOptions, OperationOptions, QueryPage, RelationshipInput, RequestLogEntry, TelemetryOptions,
  TokenProvider, TwinInput, UpsertOptions, WithEtag,
} from './client';
export { AdtError, parseAdtError } from './errors';
export { createPagedIterator } from './paging';
export type { PageBase, PagedAsyncIterableIterator, PageSettings } from './paging';
export { DEFAULT_RETRY, parseRetryAfter } from './retry';
export type { RetryOptions } from './retry';
export { newTraceparent, randomUuid } from './trace';
export { fetchFor, openEventStream, registerTransport } from './transport';
export { FetchEventSource } from './event-stream';
export type { EventStreamLike } from './event-stream';
export { createWorkerTransport } from './worker-transport';
export type { InBrowserStatus, WorkerTransport } from './worker-transport';
