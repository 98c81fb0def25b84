import type { Schema } from '../../../shared/dtdl';

/** A one-line summary of a DTDL schema for tables: `double`, `enum<string>: heat, cool`, `map<string, double>`. */
export function schemaText(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive': return schema.name;
    case 'enum': return `enum<${schema.valueSchema}>: ${schema.values.map((v) => v.name).join(', ')}`;
    case 'object': return `object { ${schema.fields.map((f) => `${f.name}: ${schemaText(f.schema)}`).join('; ')} }`;
    case 'map': return `map<string, ${schemaText(schema.valueSchema)}>`;
    case 'array': return `array<${schemaText(schema.elementSchema)}>`;
  }
}

/** "1 twin", "5,000 twins", or a lower bound clearly marked as one: "≥ 20,000 twins". */
export function twinCountText(count: number, atLeast = false): string {
  const n = count.toLocaleString('en-US');
  return atLeast ? `≥ ${n} twins` : `${n} twin${count === 1 ? '' : 's'}`;
}

/**
 * The "where it is used" count of a model's twins. The count with subtypes is only worth a clause when some model
 * extends this one; otherwise it repeats the first number and reads as if a subtype existed.
 */
export function twinUsageText(exact: number, withSubtypes: number, subtypes: number): string {
  if (subtypes === 0) return `${twinCountText(exact)} of this model.`;
  return `${twinCountText(exact)} of exactly this model; ${withSubtypes.toLocaleString('en-US')} including the ${subtypes} model${subtypes === 1 ? '' : 's'} that extend${subtypes === 1 ? 's' : ''} it.`;
}
