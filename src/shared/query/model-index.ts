/**
 * The slice of a model index the query tools need. Structural on purpose: the DTDL `ModelIndex`
 * (src/shared/dtdl) satisfies it, and tests can pass a small fake.
 */
export interface QueryModelProperty {
  definedIn?: string;
  schema?: unknown;
}

export interface QueryModelRelationship {
  target?: string;
  definedIn?: string;
  properties?: ReadonlyMap<string, QueryModelProperty>;
}

export interface QueryResolvedModel {
  /** Own and inherited properties. */
  properties: ReadonlyMap<string, QueryModelProperty>;
  relationships: ReadonlyMap<string, QueryModelRelationship>;
  components?: ReadonlyMap<string, unknown>;
}

export interface QueryModelIndex {
  ids(): string[];
  resolve(id: string): QueryResolvedModel | undefined;
  /** Every known model id for which IS_OF_MODEL(queriedModelId[, exact]) holds. */
  modelsAssignableTo(queriedModelId: string, exact?: boolean): string[];
  get?(id: string): { displayName?: Record<string, string> } | undefined;
}

/** A short readable text for a DTDL schema (as the DTDL index describes it), for completion details. */
export function describeSchema(schema: unknown): string | undefined {
  if (typeof schema === 'string') return schema;
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as { kind?: unknown; name?: unknown };
  if (s.kind === 'primitive' && typeof s.name === 'string') return s.name;
  if (typeof s.kind === 'string') return s.kind;
  return undefined;
}
