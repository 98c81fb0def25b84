import type {
  Component, DeleteJob, DigitalTwin, EventRoute, ImportJob, IncomingRelationship, ModelData, PatchOperation, Relationship,
} from '../../shared/adt';
import { API_VERSION, HEADER } from '../../shared/adt';
import { AdtError, parseAdtError } from './errors';
import type { PageBase, PagedAsyncIterableIterator } from './paging';
import { createPagedIterator } from './paging';
import type { RetryOptions } from './retry';
import { abortReason, backoffDelay, DEFAULT_RETRY, parseRetryAfter, sleep } from './retry';
import { newTraceId, newTraceparent, randomUuid } from './trace';

/** Where bearer tokens come from. The emulator's provider returns null: no Authorization header is sent. */
export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<string | null>;
}

/** One HTTP exchange (each retry attempt is its own entry). The Authorization value is always `[redacted]`. */
export interface RequestLogEntry {
  id: string;
  method: string;
  url: string;
  /** 0 when no response arrived (network failure, abort). */
  status: number;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
  error?: string;
}

export interface AdtClientOptions {
  /** The ADT endpoint, the emulator, or the proxy (`https://app/api/proxy`, with `adtHost`). */
  baseUrl: string;
  tokenProvider?: TokenProvider;
  /** When going through the proxy: the real instance's host name, sent as `x-adt-host`. */
  adtHost?: string;
  fetch?: typeof fetch;
  apiVersion?: string;
  retry?: RetryOptions;
  onRequestLog?: (entry: RequestLogEntry) => void;
  /** Bodies are logged only while this returns true (they can hold customer data). */
  logBodies?: () => boolean;
}

export interface OperationOptions { signal?: AbortSignal }
export interface ListOptions extends OperationOptions { maxItemsPerPage?: number }
export interface IfMatchOptions extends OperationOptions { ifMatch?: string }
export interface UpsertOptions extends OperationOptions { ifNoneMatch?: string; ifMatch?: string }
export interface TelemetryOptions extends OperationOptions { sourceTime?: string | Date }
export interface GetModelOptions extends OperationOptions { includeModelDefinition?: boolean }
export interface ListModelsOptions extends ListOptions { dependenciesFor?: string[]; includeModelDefinition?: boolean }
export interface ListRelationshipsOptions extends ListOptions { relationshipName?: string }
export interface CreateDeleteJobOptions extends OperationOptions { operationId?: string; timeoutInMinutes?: number }

/** A twin as sent on PUT: the path id wins over `$dtId`, and server fields (`$etag`, lastUpdateTime) are ignored. */
export interface TwinInput {
  $dtId?: string;
  $metadata: { $model: string; [property: string]: unknown };
  [property: string]: unknown;
}

/** A relationship as sent on PUT: `$relationshipId` and `$sourceId`, when present, must agree with the path. */
export interface RelationshipInput {
  $targetId: string;
  $relationshipName: string;
  $relationshipId?: string;
  $sourceId?: string;
  [property: string]: unknown;
}

/** What `fetchExternal` returns: the status and the whole body, already read. */
export interface ExternalResponse { status: number; ok: boolean; headers: Headers; text: string }

export interface WithEtag<T> { body: T; etag: string | undefined }
export interface EtagResult { etag: string | undefined }
export interface ListPage<T> extends PageBase<T> { nextLink: string | null }
export interface QueryPage<T> extends PageBase<T> { queryCharge: number | undefined }

type Method = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
type Query = Record<string, string | number | boolean | string[] | undefined>;

interface RequestSpec {
  method: Method;
  /** Path below baseUrl with ids already encoded, or an absolute URL (a resolved nextLink). */
  path?: string;
  url?: string;
  query?: Query;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Whether a 503 or a network failure may be retried. A 429 is always retried: throttling means the service
   * refused the request before acting on it. A 503 or a dropped connection gives no such promise, so only requests
   * that are safe to repeat opt in: GET/PUT/DELETE, the read-only POST /query, telemetry (same Message-Id, which
   * ADT de-duplicates) and job cancel. POST /models, POST /jobs/deletions and PATCH (JSON Patch `add` to an array
   * is not idempotent) are never repeated after an ambiguous failure.
   */
  safeToRepeat: boolean;
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const PATCH_CONTENT_TYPE = 'application/json-patch+json';
const JSON_CONTENT_TYPE = 'application/json';
const REDACTED = '[redacted]';

/** Percent-encodes one path segment (twin ids, relationship ids, DTMIs: `dtmi:a:b;1` → `dtmi%3Aa%3Ab%3B1`). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}

let clientCounter = 0;

/**
 * A framework-free Azure Digital Twins data-plane client whose operations mirror the SDK's DigitalTwinsClient.
 * Every request goes to the origin of `baseUrl` and nowhere else, so the bearer token never leaves for a host the
 * caller did not choose (a nextLink naming another origin is re-based onto `baseUrl`).
 */
export class AdtClient {
  readonly baseUrl: string;
  readonly apiVersion: string;
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly tokenProvider: TokenProvider | undefined;
  private readonly adtHost: string | undefined;
  private readonly retry: Required<RetryOptions>;
  private readonly onRequestLog: ((entry: RequestLogEntry) => void) | undefined;
  private readonly logBodies: () => boolean;
  private readonly logPrefix: string;
  private logCounter = 0;

  constructor(options: AdtClientOptions) {
    this.base = new URL(options.baseUrl);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiVersion = options.apiVersion ?? API_VERSION;
    // Unbound window.fetch throws "Illegal invocation" in browsers, hence the arrow.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.tokenProvider = options.tokenProvider;
    this.adtHost = options.adtHost;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.onRequestLog = options.onRequestLog;
    this.logBodies = options.logBodies ?? (() => false);
    this.logPrefix = `c${++clientCounter}`;
  }

  // ---------------------------------------------------------------- other hosts

  /**
   * A request to a URL outside the instance (an import job's blobs), made with no token and recorded in the request
   * log like every other call. The response body is always read to the end: a fetch whose body is left unread is
   * cancelled by Chromium when the Response is dropped, and the browser then reports a request that succeeded as
   * `net::ERR_ABORTED`. A SAS signature in the URL is a credential and is redacted from the log.
   */
  async fetchExternal(url: string, init: { method?: 'GET' | 'PUT'; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<ExternalResponse> {
    const method = init.method ?? 'GET';
    const entry: RequestLogEntry = {
      id: `${this.logPrefix}-${++this.logCounter}`, method, url: redactSas(url), status: 0, durationMs: 0, attempt: 1,
      requestHeaders: { ...init.headers }, responseHeaders: {},
    };
    const withBodies = this.logBodies();
    if (withBodies && init.body !== undefined) entry.requestBody = init.body;
    const started = now();
    try {
      const response = await this.fetchImpl(url, { method, headers: init.headers, body: init.body, signal: init.signal, redirect: 'error' });
      const text = await response.text();
      entry.durationMs = now() - started;
      entry.status = response.status;
      response.headers.forEach((value, name) => { entry.responseHeaders[name] = value; });
      if (withBodies && text !== '') entry.responseBody = text;
      if (!response.ok) entry.error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      this.log(entry);
      return { status: response.status, ok: response.ok, headers: response.headers, text };
    } catch (err) {
      entry.durationMs = now() - started;
      entry.error = init.signal?.aborted ? 'aborted' : err instanceof Error ? err.message : String(err);
      this.log(entry);
      throw init.signal?.aborted ? abortReason(init.signal) : err;
    }
  }

  // ---------------------------------------------------------------- models

  async createModels(models: unknown[], options: OperationOptions = {}): Promise<ModelData[]> {
    const res = await this.send({ method: 'POST', path: '/models', body: models, signal: options.signal, safeToRepeat: false });
    return res.body as ModelData[];
  }

  listModels(options: ListModelsOptions = {}): PagedAsyncIterableIterator<ModelData, ListPage<ModelData>> {
    return this.listPaged<ModelData>('/models', {
      dependenciesFor: options.dependenciesFor && options.dependenciesFor.length > 0 ? options.dependenciesFor : undefined,
      includeModelDefinition: options.includeModelDefinition ? true : undefined,
    }, options);
  }

  async getModel(modelId: string, options: GetModelOptions = {}): Promise<ModelData> {
    const res = await this.send({
      method: 'GET', path: `/models/${encodeSegment(modelId)}`,
      query: { includeModelDefinition: options.includeModelDefinition ? true : undefined },
      signal: options.signal, safeToRepeat: true,
    });
    return res.body as ModelData;
  }

  async decommissionModel(modelId: string, options: OperationOptions = {}): Promise<void> {
    const patch: PatchOperation[] = [{ op: 'replace', path: '/decommissioned', value: true }];
    await this.send({ method: 'PATCH', path: `/models/${encodeSegment(modelId)}`, body: patch, contentType: PATCH_CONTENT_TYPE, signal: options.signal, safeToRepeat: false });
  }

  async deleteModel(modelId: string, options: OperationOptions = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: `/models/${encodeSegment(modelId)}`, signal: options.signal, safeToRepeat: true });
  }

  // ---------------------------------------------------------------- twins

  async getDigitalTwin(twinId: string, options: OperationOptions = {}): Promise<WithEtag<DigitalTwin>> {
    const res = await this.send({ method: 'GET', path: twinPath(twinId), signal: options.signal, safeToRepeat: true });
    return withEtag(res as RawResponse & { body: DigitalTwin });
  }

  async upsertDigitalTwin(twinId: string, twin: TwinInput, options: UpsertOptions = {}): Promise<WithEtag<DigitalTwin>> {
    const res = await this.send({
      method: 'PUT', path: twinPath(twinId), body: twin, signal: options.signal, safeToRepeat: true,
      headers: { [HEADER.ifNoneMatch]: options.ifNoneMatch, [HEADER.ifMatch]: options.ifMatch },
    });
    return withEtag(res as RawResponse & { body: DigitalTwin });
  }

  async updateDigitalTwin(twinId: string, patch: PatchOperation[], options: IfMatchOptions = {}): Promise<EtagResult> {
    const res = await this.send({
      method: 'PATCH', path: twinPath(twinId), body: patch, contentType: PATCH_CONTENT_TYPE, signal: options.signal,
      headers: { [HEADER.ifMatch]: options.ifMatch }, safeToRepeat: false,
    });
    return { etag: res.headers.get(HEADER.etag) ?? undefined };
  }

  async deleteDigitalTwin(twinId: string, options: IfMatchOptions = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: twinPath(twinId), headers: { [HEADER.ifMatch]: options.ifMatch }, signal: options.signal, safeToRepeat: true });
  }

  // ---------------------------------------------------------------- components

  async getComponent(twinId: string, componentName: string, options: OperationOptions = {}): Promise<WithEtag<Component>> {
    const res = await this.send({ method: 'GET', path: componentPath(twinId, componentName), signal: options.signal, safeToRepeat: true });
    return withEtag(res as RawResponse & { body: Component });
  }

  async updateComponent(twinId: string, componentName: string, patch: PatchOperation[], options: IfMatchOptions = {}): Promise<EtagResult> {
    const res = await this.send({
      method: 'PATCH', path: componentPath(twinId, componentName), body: patch, contentType: PATCH_CONTENT_TYPE,
      headers: { [HEADER.ifMatch]: options.ifMatch }, signal: options.signal, safeToRepeat: false,
    });
    return { etag: res.headers.get(HEADER.etag) ?? undefined };
  }

  // ---------------------------------------------------------------- relationships

  async upsertRelationship(
    twinId: string, relationshipId: string,
    relationship: RelationshipInput,
    options: UpsertOptions = {},
  ): Promise<WithEtag<Relationship>> {
    const res = await this.send({
      method: 'PUT', path: relationshipPath(twinId, relationshipId), body: relationship, signal: options.signal, safeToRepeat: true,
      headers: { [HEADER.ifNoneMatch]: options.ifNoneMatch, [HEADER.ifMatch]: options.ifMatch },
    });
    return withEtag(res as RawResponse & { body: Relationship });
  }

  async getRelationship(twinId: string, relationshipId: string, options: OperationOptions = {}): Promise<WithEtag<Relationship>> {
    const res = await this.send({ method: 'GET', path: relationshipPath(twinId, relationshipId), signal: options.signal, safeToRepeat: true });
    return withEtag(res as RawResponse & { body: Relationship });
  }

  async updateRelationship(twinId: string, relationshipId: string, patch: PatchOperation[], options: IfMatchOptions = {}): Promise<EtagResult> {
    const res = await this.send({
      method: 'PATCH', path: relationshipPath(twinId, relationshipId), body: patch, contentType: PATCH_CONTENT_TYPE,
      headers: { [HEADER.ifMatch]: options.ifMatch }, signal: options.signal, safeToRepeat: false,
    });
    return { etag: res.headers.get(HEADER.etag) ?? undefined };
  }

  async deleteRelationship(twinId: string, relationshipId: string, options: IfMatchOptions = {}): Promise<void> {
    await this.send({
      method: 'DELETE', path: relationshipPath(twinId, relationshipId), headers: { [HEADER.ifMatch]: options.ifMatch },
      signal: options.signal, safeToRepeat: true,
    });
  }

  listRelationships(twinId: string, options: ListRelationshipsOptions = {}): PagedAsyncIterableIterator<Relationship, ListPage<Relationship>> {
    return this.listPaged<Relationship>(`${twinPath(twinId)}/relationships`, { relationshipName: options.relationshipName }, options);
  }

  listIncomingRelationships(twinId: string, options: ListOptions = {}): PagedAsyncIterableIterator<IncomingRelationship, ListPage<IncomingRelationship>> {
    return this.listPaged<IncomingRelationship>(`${twinPath(twinId)}/incomingrelationships`, {}, options);
  }

  // ---------------------------------------------------------------- query

  /** `POST /query`; follow-up pages send the query and the continuation token (the token wins), as the SDKs do. */
  queryTwins<T = Record<string, unknown>>(query: string, options: ListOptions = {}): PagedAsyncIterableIterator<T, QueryPage<T>> {
    return createPagedIterator<T, QueryPage<T>>(async (continuationToken, maxPageSize) => {
      const res = await this.send({
        method: 'POST', path: '/query',
        body: continuationToken === undefined ? { query } : { query, continuationToken },
        headers: { [HEADER.maxItemsPerPage]: maxPageSize === undefined ? undefined : String(maxPageSize) },
        signal: options.signal, safeToRepeat: true,
      });
      const body = (res.body ?? {}) as { value?: T[]; continuationToken?: string | null };
      const charge = res.headers.get(HEADER.queryCharge);
      const parsedCharge = charge === null ? NaN : Number(charge);
      return {
        value: body.value ?? [],
        continuationToken: body.continuationToken ?? null,
        queryCharge: Number.isFinite(parsedCharge) ? parsedCharge : undefined,
      };
    }, options.maxItemsPerPage);
  }

  // ---------------------------------------------------------------- telemetry

  /** A missing `messageId` gets a fresh UUID and `Telemetry-Source-Time` defaults to now, as in the SDK. */
  async publishTelemetry(twinId: string, payload: unknown, messageId?: string, options: TelemetryOptions = {}): Promise<{ messageId: string }> {
    return this.sendTelemetry(`${twinPath(twinId)}/telemetry`, payload, messageId, options);
  }

  async publishComponentTelemetry(twinId: string, componentName: string, payload: unknown, messageId?: string, options: TelemetryOptions = {}): Promise<{ messageId: string }> {
    return this.sendTelemetry(`${componentPath(twinId, componentName)}/telemetry`, payload, messageId, options);
  }

  private async sendTelemetry(path: string, payload: unknown, messageId: string | undefined, options: TelemetryOptions): Promise<{ messageId: string }> {
    const id = messageId ?? randomUuid();
    const sourceTime = options.sourceTime instanceof Date ? options.sourceTime.toISOString() : (options.sourceTime ?? new Date().toISOString());
    await this.send({
      method: 'POST', path, body: payload, signal: options.signal, safeToRepeat: true,
      headers: { [HEADER.messageId]: id, [HEADER.telemetrySourceTime]: sourceTime },
    });
    return { messageId: id };
  }

  // ---------------------------------------------------------------- event routes

  async upsertEventRoute(eventRouteId: string, endpointName: string, filter: string, options: OperationOptions = {}): Promise<void> {
    await this.send({ method: 'PUT', path: `/eventroutes/${encodeSegment(eventRouteId)}`, body: { endpointName, filter }, signal: options.signal, safeToRepeat: true });
  }

  async getEventRoute(eventRouteId: string, options: OperationOptions = {}): Promise<EventRoute> {
    const res = await this.send({ method: 'GET', path: `/eventroutes/${encodeSegment(eventRouteId)}`, signal: options.signal, safeToRepeat: true });
    return res.body as EventRoute;
  }

  listEventRoutes(options: ListOptions = {}): PagedAsyncIterableIterator<EventRoute, ListPage<EventRoute>> {
    return this.listPaged<EventRoute>('/eventroutes', {}, options);
  }

  async deleteEventRoute(eventRouteId: string, options: OperationOptions = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: `/eventroutes/${encodeSegment(eventRouteId)}`, signal: options.signal, safeToRepeat: true });
  }

  // ---------------------------------------------------------------- import jobs

  async createImportJob(jobId: string, job: { inputBlobUri: string; outputBlobUri: string }, options: OperationOptions = {}): Promise<ImportJob> {
    const res = await this.send({
      method: 'PUT', path: `/jobs/imports/${encodeSegment(jobId)}`,
      body: { inputBlobUri: job.inputBlobUri, outputBlobUri: job.outputBlobUri }, signal: options.signal, safeToRepeat: true,
    });
    return res.body as ImportJob;
  }

  async getImportJob(jobId: string, options: OperationOptions = {}): Promise<ImportJob> {
    const res = await this.send({ method: 'GET', path: `/jobs/imports/${encodeSegment(jobId)}`, signal: options.signal, safeToRepeat: true });
    return res.body as ImportJob;
  }

  listImportJobs(options: ListOptions = {}): PagedAsyncIterableIterator<ImportJob, ListPage<ImportJob>> {
    return this.listPaged<ImportJob>('/jobs/imports', {}, options);
  }

  async cancelImportJob(jobId: string, options: OperationOptions = {}): Promise<ImportJob> {
    const res = await this.send({ method: 'POST', path: `/jobs/imports/${encodeSegment(jobId)}/cancel`, signal: options.signal, safeToRepeat: true });
    return res.body as ImportJob;
  }

  async deleteImportJob(jobId: string, options: OperationOptions = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: `/jobs/imports/${encodeSegment(jobId)}`, signal: options.signal, safeToRepeat: true });
  }

  // ---------------------------------------------------------------- delete jobs

  /** Starts deleting ALL models, twins and relationships. `operationLocation` is the status URL (re-based like a nextLink). */
  async createDeleteJob(options: CreateDeleteJobOptions = {}): Promise<{ body: DeleteJob; operationLocation: string | undefined }> {
    const res = await this.send({
      method: 'POST', path: '/jobs/deletions', query: { timeoutInMinutes: options.timeoutInMinutes },
      headers: { [HEADER.operationId]: options.operationId }, signal: options.signal, safeToRepeat: false,
    });
    const location = res.headers.get(HEADER.operationLocation);
    return { body: res.body as DeleteJob, operationLocation: location === null ? undefined : this.resolveLink(location) };
  }

  async getDeleteJob(jobId: string, options: OperationOptions = {}): Promise<DeleteJob> {
    const res = await this.send({ method: 'GET', path: `/jobs/deletions/${encodeSegment(jobId)}`, signal: options.signal, safeToRepeat: true });
    return res.body as DeleteJob;
  }

  listDeleteJobs(options: ListOptions = {}): PagedAsyncIterableIterator<DeleteJob, ListPage<DeleteJob>> {
    return this.listPaged<DeleteJob>('/jobs/deletions', {}, options);
  }

  // ---------------------------------------------------------------- plumbing

  /** nextLink paging: the first page is `path`; every later page (and a resumed `continuationToken`) is a nextLink. */
  private listPaged<T>(path: string, query: Query, options: ListOptions): PagedAsyncIterableIterator<T, ListPage<T>> {
    return createPagedIterator<T, ListPage<T>>(async (continuationToken, maxPageSize) => {
      const headers = { [HEADER.maxItemsPerPage]: maxPageSize === undefined ? undefined : String(maxPageSize) };
      const res = continuationToken === undefined
        ? await this.send({ method: 'GET', path, query, headers, signal: options.signal, safeToRepeat: true })
        : await this.send({ method: 'GET', url: this.resolveLink(continuationToken), headers, signal: options.signal, safeToRepeat: true });
      const body = (res.body ?? {}) as { value?: T[]; nextLink?: string | null };
      const nextLink = body.nextLink ?? null;
      return { value: body.value ?? [], nextLink, continuationToken: nextLink };
    }, options.maxItemsPerPage);
  }

  /**
   * Turns a server link (nextLink, Operation-Location) into the URL to request. Same origin and under baseUrl's path:
   * followed verbatim. Another origin (the real ADT host behind the proxy, or an emulator behind a dev-server prefix):
   * its path and query are re-based onto baseUrl, and x-adt-host still names the instance. The api-version is
   * appended when the link lacks one, without re-serialising the rest of the query.
   */
  private resolveLink(link: string): string {
    let resolved: string;
    if (link.startsWith('/') && !link.startsWith('//')) {
      resolved = this.baseUrl + link;
    } else {
      const url = new URL(link, this.base);
      const basePath = this.base.pathname.replace(/\/+$/, '');
      const underBase = basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
      resolved = url.origin === this.base.origin && underBase ? url.href : this.baseUrl + url.pathname + url.search;
    }
    if (!/[?&]api-version=/.test(resolved)) {
      resolved += `${resolved.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(this.apiVersion)}`;
    }
    return resolved;
  }

  private buildUrl(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else params.append(key, String(value));
    }
    params.set('api-version', this.apiVersion);
    return `${this.baseUrl}${path}?${params.toString()}`;
  }

  private async send(spec: RequestSpec): Promise<RawResponse> {
    const url = spec.url ?? this.buildUrl(spec.path ?? '', spec.query);
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const traceId = newTraceId();
    const { signal } = spec;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const token = await this.getToken(spec, url);
      const scrub = (text: string) => (token ? text.split(token).join(REDACTED) : text);

      const headers: Record<string, string> = { accept: JSON_CONTENT_TYPE, [HEADER.traceparent]: newTraceparent(traceId) };
      if (bodyText !== undefined) headers['content-type'] = spec.contentType ?? JSON_CONTENT_TYPE;
      for (const [name, value] of Object.entries(spec.headers ?? {})) if (value !== undefined) headers[name] = value;
      if (this.adtHost) headers[HEADER.adtHost] = this.adtHost;
      if (token) headers.authorization = `Bearer ${token}`;

      const entry: RequestLogEntry = {
        id: `${this.logPrefix}-${++this.logCounter}`, method: spec.method, url: scrub(url), status: 0, durationMs: 0,
        attempt: attempt + 1, requestHeaders: redactHeaders(headers, scrub), responseHeaders: {},
      };
      const withBodies = this.logBodies();
      if (withBodies && bodyText !== undefined) entry.requestBody = scrub(bodyText);
      const started = now();

      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, { method: spec.method, headers, body: bodyText, signal, redirect: 'error' });
        text = await response.text();
      } catch (err) {
        entry.durationMs = now() - started;
        if (signal?.aborted) {
          entry.error = 'aborted';
          this.log(entry);
          throw abortReason(signal);
        }
        const message = scrub(err instanceof Error ? err.message : String(err));
        entry.error = message;
        this.log(entry);
        if (spec.safeToRepeat && attempt < this.retry.maxRetries) {
          await sleep(backoffDelay(attempt, this.retry), signal);
          continue;
        }
        // Browsers say only "Failed to fetch"; the user needs to know the service was not reached at all.
        throw new AdtError({
          status: 0, code: 'NetworkError', method: spec.method, url: scrub(url),
          message: `Could not reach the service: you may be offline, or the connection was lost (${spec.method} ${scrub(url)}: ${message}).`,
        });
      }

      entry.durationMs = now() - started;
      entry.status = response.status;
      const responseHeaders = new Headers();
      response.headers.forEach((value, name) => responseHeaders.set(name, scrub(value)));
      responseHeaders.forEach((value, name) => { entry.responseHeaders[name] = value; });
      const safeText = scrub(text);
      if (withBodies && safeText !== '') entry.responseBody = safeText;

      if (response.ok) {
        this.log(entry);
        let body: unknown;
        if (safeText.trim() !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            throw new AdtError({ status: response.status, code: 'InvalidResponse', message: 'The response body is not valid JSON.', method: spec.method, url: scrub(url) });
          }
        }
        return { status: response.status, headers: response.headers, body };
      }

      const retryAfterMs = parseRetryAfter(responseHeaders);
      const error = parseAdtError({
        status: response.status, statusText: response.statusText, headers: responseHeaders, bodyText: safeText,
        method: spec.method, url: scrub(url), retryAfterMs,
      });
      entry.error = `${error.code}: ${error.message}`;
      this.log(entry);
      const retryable = response.status === 429 || (response.status === 503 && spec.safeToRepeat);
      const waitTooLong = retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs;
      if (!retryable || waitTooLong || attempt >= this.retry.maxRetries) throw error;
      await sleep(retryAfterMs ?? backoffDelay(attempt, this.retry), signal);
    }
  }

  private async getToken(spec: RequestSpec, url: string): Promise<string | null> {
    if (!this.tokenProvider) return null;
    try {
      return await this.tokenProvider.getToken(spec.signal);
    } catch (err) {
      if (spec.signal?.aborted) throw abortReason(spec.signal);
      // MSAL errors carry no token; the cause is kept for the UI to offer a sign-in.
      throw new AdtError({
        status: 0, code: 'AuthenticationFailed', message: `Could not get a token: ${err instanceof Error ? err.message : String(err)}`,
        method: spec.method, url, cause: err,
      });
    }
  }

  private log(entry: RequestLogEntry): void {
    if (!this.onRequestLog) return;
    try {
      this.onRequestLog(entry);
    } catch {
      // A faulty log sink must not break the call it is observing.
    }
  }
}

function twinPath(twinId: string): string {
  return `/digitaltwins/${encodeSegment(twinId)}`;
}

function componentPath(twinId: string, componentName: string): string {
  return `${twinPath(twinId)}/components/${encodeSegment(componentName)}`;
}

function relationshipPath(twinId: string, relationshipId: string): string {
  return `${twinPath(twinId)}/relationships/${encodeSegment(relationshipId)}`;
}

/** The ETag header, or the body's `$etag` when a server in between did not expose the header to the page. */
function withEtag<T extends object>(res: RawResponse & { body: T }): WithEtag<T> {
  const bodyEtag = (res.body as { $etag?: unknown } | undefined)?.$etag;
  return { body: res.body, etag: res.headers.get(HEADER.etag) ?? (typeof bodyEtag === 'string' ? bodyEtag : undefined) };
}

/** A URL with its SAS signature (`sig=`) replaced, so a log of it grants no access to the blob. */
export function redactSas(url: string): string {
  return url.replace(/([?&]sig=)[^&#]*/gi, `$1${REDACTED}`);
}

function redactHeaders(headers: Record<string, string>, scrub: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = name.toLowerCase() === 'authorization' ? REDACTED : scrub(value);
  return out;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
