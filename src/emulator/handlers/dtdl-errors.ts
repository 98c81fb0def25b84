import type { Diagnostic } from '../../shared/dtdl';
import { isObject } from './util';

/**
 * The text of ADT's 400 DTDLParserError, in the wording of the DTDL parser the service runs, for the errors whose live
 * answer is on record; other errors keep the shared validator's sentence (listed in the README's known differences).
 * Errors are joined with " | ", as the recorded answers do.
 */
export function adtParserErrorText(diagnostics: Diagnostic[], docs: unknown[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const prefix = 'None of the models in this request could be created due to a problem with one or more models: ';
  const parsing = errors.filter((d) => d.code !== 'missing-dependency');
  if (parsing.length === 0 && errors.length > 0) return prefix + unresolvedText(errors);
  const parts = parsing.flatMap((d) => parserSentences(d, docs));
  return prefix + parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' | ');
}

/**
 * A reference to a model that is neither in the request nor uploaded fails in the parser's resolver. The live text, as
 * reported from `az dt model create` (github.com/RealEstateCore/rec, issue 154): "DtmiResolverAsync failed to resolve
 * requisite references to element(s): <dtmi> (referenced in 2 places), <dtmi> (referenced in 1 place)".
 */
function unresolvedText(errors: Diagnostic[]): string {
  const counts = new Map<string, number>();
  for (const d of errors) {
    const id = /'(dtmi:[^']+)'/.exec(d.message.slice(d.message.indexOf(': ') + 1))?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const items = [...counts].map(([id, n]) => `${id} (referenced in ${n} ${n === 1 ? 'place' : 'places'})`);
  return `DtmiResolverAsync failed to resolve requisite references to element(s): ${items.join(', ')}`;
}

function docAt(docs: unknown[], pointer: string): { index: number; segments: string[] } {
  const segments = pointer.split('/').slice(1);
  return { index: Number(segments[0]), segments: segments.slice(1) };
}

/** The sentence(s) the DTDL parser writes for one error, or the shared validator's own sentence. */
function parserSentences(d: Diagnostic, docs: unknown[]): string[] {
  const { index, segments } = docAt(docs, d.pointer);
  const doc = docs[index];
  // Recorded (azure-sdk-for-js, recordings/node/digitaltwins_models__create_read_list_delete_operations/
  // recording_create_model_invalid_model.json); "identifer" is the parser's own spelling.
  if (d.code === 'missing-property' && segments.length === 0 && isObject(doc) && doc['@id'] === undefined) {
    return ["In source, top-level JSON element requires an identifer but none provided. Add an '@id' property whose value is a string that conforms to the DTMI syntax -- see https://github.com/Azure/digital-twin-model-identifier."];
  }
  // The DTDL parser's missingContext error (its cause and action texts); no live answer of this case is on record.
  if (d.code === 'invalid-context' && isObject(doc) && doc['@context'] === undefined) {
    return ["In source, top-level JSON object has no @context specifier. Add a '@context' property whose value is a valid DTDL context specifier, such as 'dtmi:dtdl:context;3'."];
  }
  // Recorded (recording_create_model_invalid_reference.json in the same folder): a component whose schema is neither
  // a DTMI nor a DTDL term gives two errors.
  if ((d.code === 'invalid-dtmi' || d.code === 'unknown-schema') && segments.length === 3 && segments[0] === 'contents'
    && segments[2] === 'schema' && isObject(doc) && Array.isArray(doc['contents'])) {
    const content: unknown = doc['contents'][Number(segments[1])];
    if (isObject(content) && typeof content['name'] === 'string' && typeof content['schema'] === 'string') {
      const owner = `${String(doc['@id'])} has 'contents' value with name '${content['name']}'`;
      return [
        `${owner} whose property 'schema' has value '${content['schema']}' that is neither a valid DTMI reference nor a DTDL term. Replace the value of property 'schema' with a valid DTMI reference or a term defined by DTDL -- see https://github.com/Azure/opendigitaltwins-dtdl/tree/master/DTDL.`,
        `${owner} whose property 'schema' has no valid value but one is required. Provide a value for 'schema' that is either an element definition or a DTMI reference.`,
      ];
    }
  }
  return [d.message];
}
