/**
 * What the routes form needs to help write a filter: the event types, the filterable attributes, the functions,
 * and a small context-aware completion helper built on the filter lexer.
 */
import { EVENT_TYPES } from '../adt';
import type { FilterAttribute, FilterToken } from './filter';
import { COMPARISON_OPERATORS, FILTER_ATTRIBUTES, FILTER_FUNCTIONS, LEGACY_EVENT_TYPES, tokenizeRouteFilter } from './filter';

export interface EventTypeInfo {
  type: string;
  /** The routing "source name" shown in the Azure portal (and the legacy `$eventType` value). */
  family: string;
  description: string;
}

export interface FilterAttributeInfo {
  name: FilterAttribute;
  description: string;
  example: string;
}

export interface RouteFilterMetadata {
  eventTypes: EventTypeInfo[];
  attributes: FilterAttributeInfo[];
  functions: { name: string; signature: string; description: string }[];
  operators: string[];
  keywords: string[];
  legacyEventTypes: { name: string; types: string[] }[];
}

const EVENT_TYPE_INFO: EventTypeInfo[] = [
  { type: EVENT_TYPES.twinCreate, family: 'DigitalTwinLifecycleNotification', description: 'A twin was created; data is the twin.' },
  { type: EVENT_TYPES.twinDelete, family: 'DigitalTwinLifecycleNotification', description: 'A twin was deleted; data is the twin as it was.' },
  { type: EVENT_TYPES.twinUpdate, family: 'DigitalTwinChangeNotification', description: 'Twin properties, components or model changed; data is { modelId, patch }.' },
  { type: EVENT_TYPES.relationshipCreate, family: 'DigitalTwinRelationshipChangeNotification', description: 'A relationship was created; data is the relationship.' },
  { type: EVENT_TYPES.relationshipUpdate, family: 'DigitalTwinRelationshipChangeNotification', description: 'A relationship changed; data is { modelId, patch }.' },
  { type: EVENT_TYPES.relationshipDelete, family: 'DigitalTwinRelationshipChangeNotification', description: 'A relationship was deleted; data is the relationship.' },
  { type: EVENT_TYPES.telemetry, family: 'DigitalTwinTelemetryMessages', description: 'Telemetry sent to a twin or component; data is the body as sent.' },
];

const ATTRIBUTE_INFO: Record<FilterAttribute, Omit<FilterAttributeInfo, 'name'>> = {
  type: { description: 'The event type.', example: `type = '${EVENT_TYPES.twinUpdate}'` },
  source: { description: 'The instance host name; for telemetry <host>/digitaltwins/<twinId>.', example: `source = 'myinstance.api.wcus.digitaltwins.azure.net'` },
  subject: { description: 'Twin id, <twinId>/relationships/<relationshipId>, or the component name for component telemetry (absent otherwise).', example: `subject = 'room1'` },
  id: { description: 'The event id (the Message-Id for telemetry).', example: `id = '39d4abb9-e3ee-4ed5-ad17-2243a9784946'` },
  dataschema: { description: 'Telemetry only: the model id of the twin or component. For notifications use $body.$metadata.$model or $body.modelId.', example: `dataschema = 'dtmi:example:Room;1'` },
  datacontenttype: { description: 'Always application/json.', example: `datacontenttype = 'application/json'` },
  specversion: { description: 'The CloudEvents version, 1.0.', example: `specversion = '1.0'` },
  time: { description: 'When the event happened (ISO 8601, compared as text).', example: `time > '2024-01-01'` },
  traceparent: { description: 'W3C trace context, when the request carried one.', example: `STARTS_WITH(traceparent, '00-')` },
};

export function routeFilterMetadata(): RouteFilterMetadata {
  return {
    eventTypes: EVENT_TYPE_INFO.map((e) => ({ ...e })),
    attributes: FILTER_ATTRIBUTES.map((name) => ({ name, ...ATTRIBUTE_INFO[name] })),
    functions: [
      { name: 'STARTS_WITH', signature: 'STARTS_WITH(x, \'prefix\')', description: 'x is a string that starts with prefix (case-sensitive).' },
      { name: 'ENDS_WITH', signature: 'ENDS_WITH(x, \'suffix\')', description: 'x is a string that ends with suffix (case-sensitive).' },
      { name: 'CONTAINS', signature: 'CONTAINS(x, \'part\')', description: 'x is a string that contains part (case-sensitive).' },
    ],
    operators: [...COMPARISON_OPERATORS],
    keywords: ['AND', 'OR', 'true', 'false', 'null'],
    legacyEventTypes: Object.entries(LEGACY_EVENT_TYPES).map(([name, types]) => ({ name, types: [...types] })),
  };
}

export interface FilterCompletion {
  label: string;
  /** Text replacing the range [from, to) of the filter. */
  insertText: string;
  kind: 'attribute' | 'function' | 'keyword' | 'operator' | 'value';
  detail?: string;
}

export interface FilterCompletionResult { from: number; to: number; items: FilterCompletion[] }

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Values worth suggesting on the right of `<attribute> =`. */
function valueSuggestions(left: FilterToken | undefined): FilterCompletion[] {
  const value = (v: string, detail?: string): FilterCompletion =>
    detail === undefined ? { label: quote(v), insertText: quote(v), kind: 'value' } : { label: quote(v), insertText: quote(v), kind: 'value', detail };
  if (left?.kind === 'word') {
    if (left.text === 'type') return EVENT_TYPE_INFO.map((e) => value(e.type, e.description));
    if (left.text.toLowerCase() === '$eventtype') return Object.keys(LEGACY_EVENT_TYPES).map((f) => value(f));
    if (left.text === 'specversion') return [value('1.0')];
    if (left.text === 'datacontenttype') return [value('application/json')];
  }
  return ['null', 'true', 'false'].map((k) => ({ label: k, insertText: k, kind: 'keyword' as const }));
}

function conditionStarters(): FilterCompletion[] {
  return [
    ...FILTER_ATTRIBUTES.map((name): FilterCompletion => ({ label: name, insertText: name, kind: 'attribute', detail: ATTRIBUTE_INFO[name].description })),
    { label: '$body.', insertText: '$body.', kind: 'attribute', detail: 'A field inside the event data (no array indexing).' },
    ...FILTER_FUNCTIONS.map((name): FilterCompletion => ({ label: name, insertText: `${name}(`, kind: 'function' })),
    { label: 'true', insertText: 'true', kind: 'keyword', detail: 'Route every event.' },
    { label: 'false', insertText: 'false', kind: 'keyword', detail: 'Route nothing.' },
  ];
}

/**
 * Suggestions at `offset` in `text`, without needing the filter to be complete. The items are unfiltered by the
 * word being typed; the editor filters them against the text in [from, to).
 */
export function routeFilterCompletions(text: string, offset: number): FilterCompletionResult {
  const cursor = Math.max(0, Math.min(offset, text.length));
  const { tokens, error } = tokenizeRouteFilter(text.slice(0, cursor));
  const significant = tokens.filter((t) => t.kind !== 'eof');

  // Inside an unterminated string: complete the string value (the range starts at the opening quote).
  if (error && /^Unterminated string/.test(error.message)) {
    const before = significant[significant.length - 1];
    const left = before?.kind === 'op' ? significant[significant.length - 2] : before?.kind === 'comma' ? significant[significant.length - 2] : undefined;
    return { from: error.offset, to: cursor, items: valueSuggestions(left).filter((i) => i.kind === 'value') };
  }

  // `$body.` with the property name still to come: nothing we can know to suggest.
  if (error && /^Expected a property name/.test(error.message)) return { from: cursor, to: cursor, items: [] };

  // The token touching the cursor is the word being typed; suggestions depend on what precedes it.
  let last = significant[significant.length - 1];
  let from = cursor;
  if (last && last.end === cursor && (last.kind === 'word' || last.kind === 'body')) {
    from = last.start;
    significant.pop();
    last = significant[significant.length - 1];
  }
  const items = ((): FilterCompletion[] => {
    if (!last || last.kind === 'lparen' || last.kind === 'comma' || (last.kind === 'word' && /^(and|or)$/i.test(last.text))) {
      return conditionStarters();
    }
    if (last.kind === 'op') return valueSuggestions(significant[significant.length - 2]);
    const isFieldWord = last.kind === 'word' && ((FILTER_ATTRIBUTES as readonly string[]).includes(last.text) || last.text.toLowerCase() === '$eventtype');
    if (last.kind === 'body' || isFieldWord) {
      return COMPARISON_OPERATORS.map((op): FilterCompletion => ({ label: op, insertText: op, kind: 'operator' }));
    }
    return [
      { label: 'AND', insertText: 'AND', kind: 'keyword' },
      { label: 'OR', insertText: 'OR', kind: 'keyword' },
    ];
  })();
  return { from, to: cursor, items };
}
