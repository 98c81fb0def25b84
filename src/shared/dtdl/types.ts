/** Public data types of the DTDL module (see contracts.md). */

export interface Range {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  modelId?: string;
  pointer: string;
  range?: Range;
}

export type DtdlVersion = 2 | 3;

export type ContentKind = 'Property' | 'Telemetry' | 'Relationship' | 'Component' | 'Command';

export interface ContentInfo {
  name: string;
  kind: ContentKind;
  definedIn: string;
  raw: Record<string, unknown>;
}
export interface PropertyInfo extends ContentInfo { kind: 'Property'; schema: Schema; writable: boolean }
export interface TelemetryInfo extends ContentInfo { kind: 'Telemetry'; schema: Schema }
export interface RelationshipInfo extends ContentInfo {
  kind: 'Relationship';
  target?: string;
  properties: Map<string, PropertyInfo>;
}
export interface ComponentInfo extends ContentInfo { kind: 'Component'; schema: string }

export type Schema =
  | { kind: 'primitive'; name: string }
  | { kind: 'enum'; valueSchema: 'integer' | 'string'; values: { name: string; value: string | number }[] }
  | { kind: 'object'; fields: { name: string; schema: Schema }[] }
  | { kind: 'map'; keySchema: 'string'; valueSchema: Schema }
  | { kind: 'array'; elementSchema: Schema };

export interface InterfaceInfo {
  id: string;
  dtdlVersion: DtdlVersion;
  displayName?: Record<string, string>;
  description?: Record<string, string>;
  extends: string[];
  contents: ContentInfo[];
  raw: Record<string, unknown>;
}

export interface ResolvedInterface {
  id: string;
  ancestors: string[];
  properties: Map<string, PropertyInfo>;
  telemetries: Map<string, TelemetryInfo>;
  relationships: Map<string, RelationshipInfo>;
  components: Map<string, ComponentInfo>;
}

export interface PositionMap {
  rangeOf(pointer: string): Range | undefined;
}

export interface ContentProblem {
  message: string;
  pointer: string;
}
