import type { DigitalTwin } from '../../../shared/adt';
import { checkQuery, compileCondition, type QueryModelIndex } from '../../../shared/query';

export type TwinFilter = { ok: true; test: (twin: DigitalTwin) => boolean } | { ok: false; message: string; offset: number };

const PREFIX = 'SELECT * FROM DIGITALTWINS WHERE ';

/**
 * A WHERE condition of the ADT query language, evaluated on the twins already in the graph: the same parser and the
 * same three-valued semantics the emulator uses, so `temperature > 70` means here what it means in a query.
 */
export function compileTwinFilter(
  expression: string,
  models?: { isOfModel(twinModelId: string, queriedModelId: string, exact?: boolean): boolean } & Partial<QueryModelIndex>,
): TwinFilter {
  const text = PREFIX + expression;
  const check = checkQuery(text, undefined);
  const error = check.diagnostics.find((d) => d.severity === 'error');
  if (error) return { ok: false, message: error.message, offset: Math.max(0, error.span.start - PREFIX.length) };
  const where = check.ast.where;
  if (!where) return { ok: false, message: 'Write a condition, e.g. temperature > 70.', offset: 0 };
  try {
    const condition = compileCondition(
      where,
      {
        collections: check.collections,
        isOfModel: (twinModel, queried, exact) => (models ? models.isOfModel(twinModel, queried, exact) : exact ? twinModel === queried : twinModel === queried),
      },
      new Set(),
    );
    return { ok: true, test: (twin) => condition([twin]) === true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err), offset: 0 };
  }
}
