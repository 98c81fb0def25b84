import { buildCollections, candidateModels, type CollectionInfo } from './analyze';
import { BINARY_FUNCTIONS, IS_OF_MODEL_SIGNATURE, RELATIONSHIP_SYSTEM_PROPERTIES, TWIN_SYSTEM_PROPERTIES, UNARY_FUNCTIONS } from './keywords';
import { tokenize, type Token } from './lexer';
import { describeSchema, type QueryModelIndex } from './model-index';
import { parseQuery } from './parser';

export type CompletionKind = 'keyword' | 'function' | 'alias' | 'model' | 'property' | 'relationship' | 'collection' | 'operator' | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert. Snippets use Monaco's `${1:placeholder}` syntax and have kind 'function' or 'snippet'. */
  insertText: string;
  /** True when insertText is a Monaco snippet. */
  snippet?: boolean;
  /** Offsets of the text the item replaces (the word or string content being typed). */
  range: { start: number; end: number };
}

const CLAUSES = new Set(['SELECT', 'FROM', 'JOIN', 'MATCH', 'WHERE']);
const COMPARISONS = ['=', '!=', '<', '>', '<=', '>='];

function kw(t: Token | undefined, word?: string): boolean {
  return !!t && t.type === 'ident' && !t.escaped && (word === undefined ? true : t.upper === word);
}
function punct(t: Token | undefined, p: string): boolean {
  return !!t && t.type === 'punct' && t.value === p;
}

/**
 * Completions at `offset` of `text`: keywords valid there, functions with signatures, aliases in scope,
 * model ids inside IS_OF_MODEL strings, property names (narrowed by IS_OF_MODEL) and relationship names
 * (after `RELATED x.` and inside a MATCH edge after `:` or `|`). Items are filtered by the word being typed.
 */
export function completeQuery(text: string, offset: number, modelIndex?: QueryModelIndex): CompletionItem[] {
  const tokens = tokenize(text).tokens.filter((t) => t.type !== 'eof' && t.type !== 'invalid');
  const collections = buildCollections(parseQuery(text).ast);

  // Inside a string: only IS_OF_MODEL's model id gets completions.
  const str = tokens.findIndex((t) => t.type === 'string' && t.span.start < offset && (offset < t.span.end || (t.unterminated && offset === t.span.end)));
  if (str >= 0) {
    const t = tokens[str] as Token;
    const before = tokens.slice(0, str);
    if (!isIsOfModelModelArg(before) || !modelIndex) return [];
    const typed = text.slice(t.span.start + 1, offset);
    const range = { start: t.span.start + 1, end: t.unterminated ? t.span.end : t.span.end - 1 };
    return matchModels(modelItems(modelIndex, range, false), typed);
  }

  // The word being typed (replaced by the chosen item).
  const wordIdx = tokens.findIndex((t) => t.type === 'ident' && !t.escaped && t.span.start < offset && offset <= t.span.end);
  const word = wordIdx >= 0 ? (tokens[wordIdx] as Token) : undefined;
  const prefix = word ? text.slice(word.span.start, offset) : '';
  const range = word ? { start: word.span.start, end: word.span.end } : { start: offset, end: offset };
  const before = tokens.filter((t, i) => (wordIdx >= 0 ? i < wordIdx : t.span.end <= offset));
  const items = contextItems(before, collections, range, modelIndex);
  const lower = prefix.toLowerCase();
  return items.filter((i) => i.label.toLowerCase().startsWith(lower));
}

function isIsOfModelModelArg(before: Token[]): boolean {
  const n = before.length;
  if (punct(before[n - 1], '(') && kw(before[n - 2], 'IS_OF_MODEL')) return true;
  return punct(before[n - 1], ',') && before[n - 2]?.type === 'ident' && punct(before[n - 3], '(') && kw(before[n - 4], 'IS_OF_MODEL');
}

function contextItems(before: Token[], collections: CollectionInfo[], range: CompletionItem['range'], index?: QueryModelIndex): CompletionItem[] {
  const n = before.length;
  const prev = before[n - 1];
  const prev2 = before[n - 2];
  const keywords = (...words: string[]): CompletionItem[] => words.map((w) => ({ label: w, kind: 'keyword', insertText: w, range }));

  if (!prev) return keywords('SELECT');

  // `RELATED x.` → relationship names of x's models; `alias.` → properties.
  if (punct(prev, '.')) {
    if (prev2?.type === 'ident' && kw(before[n - 3], 'RELATED')) {
      const source = collections.find((c) => c.name === prev2.value);
      return index ? relationshipItems(index, source, range) : [];
    }
    const segments: string[] = [];
    for (let i = n - 2; i >= 0; i -= 2) {
      const t = before[i];
      if (t?.type !== 'ident') break;
      segments.unshift(t.value);
      if (!punct(before[i - 1], '.')) break;
    }
    return propertyItemsForPath(segments, collections, range, index);
  }

  // Inside a MATCH edge `[...:`: relationship names.
  if (punct(prev, ':') || punct(prev, '|')) {
    return index ? relationshipItems(index, undefined, range) : [];
  }

  const clauseAt = findLastIndex(before, (t) => kw(t) && CLAUSES.has(t.upper));
  const clause = clauseAt >= 0 ? (before[clauseAt] as Token).upper : '';
  const sinceClause = before.slice(clauseAt + 1);
  const aliasItems = (kind?: 'twin' | 'relationship') => collections
    .filter((c) => c.name !== null && (!kind || c.kind === kind))
    .map((c): CompletionItem => ({ label: c.name as string, kind: 'alias', detail: c.kind === 'twin' ? 'twins' : 'relationships', insertText: c.name as string, range }));
  const unnamed = collections.find((c) => c.name === null);
  const scopeItems = () => [...aliasItems(), ...(unnamed ? collectionPropertyItems(unnamed, range, index) : [])];

  switch (clause) {
    case '':
      return keywords('SELECT');
    case 'SELECT': {
      if (kw(prev, 'SELECT')) {
        return [
          { label: '*', kind: 'keyword', insertText: '*', range },
          { label: 'COUNT()', kind: 'function', detail: 'number of matching items', insertText: 'COUNT()', range },
          { label: 'TOP', kind: 'function', detail: 'TOP(n): the first n items', insertText: 'TOP(${1:10})', snippet: true, range },
          ...scopeItems(),
        ];
      }
      if (punct(prev, ',')) return scopeItems();
      if (kw(prev, 'AS')) return [];
      if (punct(prev, ')') && sinceClause.some((t) => kw(t, 'TOP')) && sinceClause.length <= 4) {
        return [...keywords('FROM'), ...scopeItems()];
      }
      return keywords('FROM', 'AS');
    }
    case 'FROM': {
      if (kw(prev, 'FROM')) {
        return [
          { label: 'DIGITALTWINS', kind: 'collection', detail: 'all twins', insertText: 'DIGITALTWINS', range },
          { label: 'RELATIONSHIPS', kind: 'collection', detail: 'all relationships', insertText: 'RELATIONSHIPS', range },
        ];
      }
      if (kw(sinceClause[0], 'RELATIONSHIPS')) return keywords('WHERE');
      if (sinceClause.length === 1) return keywords('JOIN', 'MATCH', 'WHERE');
      return keywords('JOIN', 'WHERE');
    }
    case 'JOIN': {
      if (kw(prev, 'JOIN')) return [];
      if (sinceClause.length === 1) return keywords('RELATED');
      if (kw(prev, 'RELATED')) return aliasItems('twin');
      return keywords('JOIN', 'WHERE');
    }
    case 'MATCH': {
      if (punct(prev, ')')) {
        return [
          ...keywords('WHERE'),
          { label: '-[]->', kind: 'snippet', detail: 'outgoing relationship', insertText: '-[:${1}]->(${2})', snippet: true, range },
          { label: '<-[]-', kind: 'snippet', detail: 'incoming relationship', insertText: '<-[:${1}]-(${2})', snippet: true, range },
          { label: '-[]-', kind: 'snippet', detail: 'relationship in either direction', insertText: '-[:${1}]-(${2})', snippet: true, range },
        ];
      }
      return [];
    }
    default:
      return whereItems(before, collections, range, index, scopeItems, keywords);
  }
}

function whereItems(before: Token[], collections: CollectionInfo[], range: CompletionItem['range'], index: QueryModelIndex | undefined,
  scopeItems: () => CompletionItem[], keywords: (...w: string[]) => CompletionItem[]): CompletionItem[] {
  const n = before.length;
  const prev = before[n - 1] as Token;
  const prev2 = before[n - 2];
  const conditionStart = kw(prev, 'WHERE') || kw(prev, 'AND') || kw(prev, 'OR') || kw(prev, 'NOT') || punct(prev, '(');
  if (punct(prev, '(') && kw(prev2, 'IS_OF_MODEL')) {
    return [...collections.filter((c) => c.kind === 'twin' && c.name).map((c): CompletionItem => ({
      label: c.name as string, kind: 'alias', detail: 'twins', insertText: `${c.name}, `, range })),
    ...(index ? modelItems(index, range, true) : [])];
  }
  if (punct(prev, ',') && prev2?.type === 'ident' && kw(before[n - 4], 'IS_OF_MODEL')) {
    return index ? modelItems(index, range, true) : [];
  }
  if (punct(prev, ',') && prev2?.type === 'string' && (kw(before[n - 4], 'IS_OF_MODEL') || kw(before[n - 6], 'IS_OF_MODEL'))) {
    return keywords('exact');
  }
  if (punct(prev, '(') && prev2?.type === 'ident' && !prev2.escaped && isFunctionWord(prev2.upper)) return scopeItems();
  if (conditionStart) return [...keywords('NOT'), ...functionItems(range), ...scopeItems()];
  if (prev.type === 'punct' && COMPARISONS.includes(prev.value)) return [...keywords('true', 'false', 'null'), ...scopeItems()];
  if (kw(prev, 'IN') || kw(prev, 'NIN')) return [];
  const isValueEnd = prev.type === 'string' || prev.type === 'number' || punct(prev, ')') || punct(prev, ']')
    || (kw(prev) && ['TRUE', 'FALSE', 'NULL', 'EXACT'].includes(prev.upper));
  if (isValueEnd) return keywords('AND', 'OR');
  if (prev.type === 'ident') {
    return [
      ...COMPARISONS.map((op): CompletionItem => ({ label: op, kind: 'operator', insertText: op, range })),
      ...keywords('IN', 'NIN'),
    ];
  }
  return [];
}

function isFunctionWord(upper: string): boolean {
  return upper in UNARY_FUNCTIONS || upper in BINARY_FUNCTIONS || upper === 'STARTS_WITH' || upper === 'ENDS_WITH';
}

function functionItems(range: CompletionItem['range']): CompletionItem[] {
  const sigs = [IS_OF_MODEL_SIGNATURE, ...Object.values(UNARY_FUNCTIONS), ...Object.values(BINARY_FUNCTIONS)];
  return sigs.map((s) => ({
    label: s.name, kind: 'function', detail: s.signature, documentation: s.doc,
    insertText: s.name === 'IS_OF_MODEL' ? "IS_OF_MODEL('${1}')" : s.signature.includes(',') ? `${s.name}(\${1}, \${2})` : `${s.name}(\${1})`,
    snippet: true, range,
  }));
}

/**
 * Model ids matching what was typed: ids that start with it first, then ids or display names that contain it, so
 * `Room` finds `dtmi:com:example:Room;1` without its `dtmi:` prefix.
 */
function matchModels(items: CompletionItem[], typed: string): CompletionItem[] {
  const t = typed.toLowerCase();
  if (!t) return items;
  const prefix: CompletionItem[] = [];
  const inside: CompletionItem[] = [];
  for (const i of items) {
    if (i.label.toLowerCase().startsWith(t)) prefix.push(i);
    else if (i.label.toLowerCase().includes(t) || i.detail?.toLowerCase().includes(t)) inside.push(i);
  }
  return [...prefix, ...inside];
}

function modelItems(index: QueryModelIndex, range: CompletionItem['range'], quoted: boolean): CompletionItem[] {
  return index.ids().sort().map((id) => {
    const names = index.get?.(id)?.displayName;
    const display = names ? (names['en'] ?? Object.values(names)[0]) : undefined;
    const item: CompletionItem = { label: id, kind: 'model', insertText: quoted ? `'${id}'` : id, range };
    if (display) item.detail = display;
    return item;
  });
}

function relationshipItems(index: QueryModelIndex, source: CollectionInfo | undefined, range: CompletionItem['range']): CompletionItem[] {
  const models = source && source.kind === 'twin' ? candidateModels(source, index) : index.ids();
  const out = new Map<string, CompletionItem>();
  for (const id of models) {
    for (const [name, rel] of index.resolve(id)?.relationships ?? []) {
      if (out.has(name)) continue;
      const item: CompletionItem = { label: name, kind: 'relationship', insertText: name, range };
      if (rel.target) item.detail = `→ ${rel.target}`;
      out.set(name, item);
    }
  }
  return [...out.values()].sort((a, b) => a.label.localeCompare(b.label));
}

function collectionPropertyItems(c: CollectionInfo, range: CompletionItem['range'], index?: QueryModelIndex): CompletionItem[] {
  const system = c.kind === 'twin' ? TWIN_SYSTEM_PROPERTIES : RELATIONSHIP_SYSTEM_PROPERTIES;
  const out = new Map<string, CompletionItem>();
  for (const s of system) out.set(s, { label: s, kind: 'property', detail: 'system property', insertText: s, range });
  if (!index) return [...out.values()];
  if (c.kind === 'twin') {
    for (const id of candidateModels(c, index)) {
      const m = index.resolve(id);
      if (!m) continue;
      for (const [name, p] of m.properties) {
        if (!out.has(name)) out.set(name, { label: name, kind: 'property', detail: [describeSchema(p.schema), p.definedIn].filter(Boolean).join(' · '), insertText: name, range });
      }
      for (const [name, comp] of m.components ?? []) {
        const schema = (comp as { schema?: unknown }).schema;
        if (!out.has(name)) out.set(name, { label: name, kind: 'property', detail: `component${typeof schema === 'string' ? ` · ${schema}` : ''}`, insertText: name, range });
      }
    }
  } else {
    const names = new Set(c.relationshipNames);
    for (const id of index.ids()) {
      for (const [relName, rel] of index.resolve(id)?.relationships ?? []) {
        if (names.size > 0 && !names.has(relName)) continue;
        for (const [name, p] of rel.properties ?? []) {
          if (!out.has(name)) out.set(name, { label: name, kind: 'property', detail: [describeSchema(p.schema), relName].filter(Boolean).join(' · '), insertText: name, range });
        }
      }
    }
  }
  return [...out.values()];
}

function propertyItemsForPath(segments: string[], collections: CollectionInfo[], range: CompletionItem['range'], index?: QueryModelIndex): CompletionItem[] {
  const [first, ...rest] = segments;
  if (first === undefined) return [];
  const c = collections.find((x) => x.name === first);
  if (!c) return [];
  if (rest.length === 0) return collectionPropertyItems(c, range, index);
  // `T.component.` → the component's own properties.
  if (rest.length === 1 && index && c.kind === 'twin') {
    const out = new Map<string, CompletionItem>();
    for (const id of candidateModels(c, index)) {
      const comp = index.resolve(id)?.components?.get(rest[0] as string) as { schema?: unknown } | undefined;
      if (typeof comp?.schema !== 'string') continue;
      for (const [name, p] of index.resolve(comp.schema)?.properties ?? []) {
        if (!out.has(name)) out.set(name, { label: name, kind: 'property', detail: describeSchema(p.schema) ?? '', insertText: name, range });
      }
    }
    return [...out.values()];
  }
  return [];
}

function findLastIndex<T>(arr: T[], pred: (t: T) => boolean): number {
  for (let i = arr.length - 1; i >= 0; i--) if (pred(arr[i] as T)) return i;
  return -1;
}
