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
