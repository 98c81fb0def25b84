/**
 * Wire types of the Azure Digital Twins data plane (api-version 2023-10-31).
 * Shared by the browser client and the emulator so both agree on one shape.
 */

export const API_VERSION = '2023-10-31';

/** Every published data-plane api-version; the emulator accepts all of them. */
export const SUPPORTED_API_VERSIONS = [
  '2020-10-31',
  '2021-06-30-preview',
  '2022-05-31',
  '2023-02-27-preview',
  '2023-06-30',
  '2023-10-31',
] as const;

export const HEADER = {
  ifMatch: 'if-match',
  ifNoneMatch: 'if-none-match',
  etag: 'etag',
  maxItemsPerPage: 'max-items-per-page',
  queryCharge: 'query-charge',
  messageId: 'message-id',
  telemetrySourceTime: 'telemetry-source-time',
  operationLocation: 'operation-location',
  operationId: 'operation-id',
  retryAfter: 'retry-after',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  traceresponse: 'traceresponse',
  clientRequestId: 'x-ms-client-request-id',
  requestId: 'x-ms-request-id',
  errorCode: 'x-ms-error-code',
  adtHost: 'x-adt-host',
} as const;

export interface PropertyMetadata {
  lastUpdateTime?: string;
  sourceTime?: string;
}

export interface TwinMetadata {
  $model: string;
  $lastUpdateTime?: string;
  [property: string]: PropertyMetadata | string | undefined;
}

export interface ComponentMetadata {
  $lastUpdateTime?: string;
  [property: string]: PropertyMetadata | string | undefined;
}

export interface DigitalTwin {
  $dtId: string;
  $etag?: string;
  $metadata: TwinMetadata;
  [property: string]: unknown;
}

export interface Component {
  $metadata: ComponentMetadata;
  [property: string]: unknown;
}

export interface Relationship {
  $relationshipId: string;
  $etag?: string;
  $sourceId: string;
  $relationshipName: string;
  $targetId: string;
  [property: string]: unknown;
}

export interface IncomingRelationship {
  $relationshipId: string;
  $sourceId: string;
  $relationshipName: string;
  $relationshipLink: string;
}

/** A language map, as ADT returns `displayName` and `description`. */
export type LanguageMap = Record<string, string>;

export interface ModelData {
  id: string;
  displayName?: LanguageMap;
  description?: LanguageMap;
  decommissioned: boolean;
  uploadTime: string;
  model?: Record<string, unknown>;
}

export interface PagedList<T> {
  value: T[];
  nextLink: string | null;
}

export interface QuerySpecification {
  query?: string;
  continuationToken?: string;
}

export interface QueryResult<T = unknown> {
  value: T[];
  continuationToken: string | null;
}

export interface EventRoute {
  id?: string;
  endpointName: string;
  filter: string;
}

export type ImportJobStatus = 'notstarted' | 'running' | 'failed' | 'succeeded' | 'cancelling' | 'cancelled';
export type DeleteJobStatus = 'notstarted' | 'running' | 'failed' | 'succeeded';

export interface ErrorInfo {
  code: string;
  message: string;
  details?: ErrorInfo[];
  innererror?: { code?: string; innererror?: unknown };
}

export interface ErrorResponse {
  error: ErrorInfo;
}

export interface ImportJob {
  id: string;
  inputBlobUri: string;
  outputBlobUri: string;
  status: ImportJobStatus;
  createdDateTime?: string;
  lastActionDateTime?: string;
  finishedDateTime?: string;
  purgeDateTime?: string;
  error?: ErrorInfo;
}

export interface DeleteJob {
  id: string;
  status: DeleteJobStatus;
  createdDateTime?: string;
  finishedDateTime?: string;
  purgeDateTime?: string;
  error?: ErrorInfo;
}

/** One JSON Patch operation (RFC 6902) as ADT accepts it. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** A CloudEvents 1.0 envelope, as the emulator emits and the app shows. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject?: string;
  time: string;
  datacontenttype: string;
  dataschema?: string;
  traceparent?: string;
  data: T;
}

export const EVENT_TYPES = {
  twinCreate: 'Microsoft.DigitalTwins.Twin.Create',
  twinUpdate: 'Microsoft.DigitalTwins.Twin.Update',
  twinDelete: 'Microsoft.DigitalTwins.Twin.Delete',
  relationshipCreate: 'Microsoft.DigitalTwins.Relationship.Create',
  relationshipUpdate: 'Microsoft.DigitalTwins.Relationship.Update',
  relationshipDelete: 'Microsoft.DigitalTwins.Relationship.Delete',
  telemetry: 'microsoft.iot.telemetry',
} as const;
