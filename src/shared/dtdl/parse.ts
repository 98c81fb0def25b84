import { getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { Diagnostic, PositionMap, Range } from './types';
import { splitPointer, joinPointer } from '../json/pointer';
import { LineMap } from '../text/line-map';

/** Line/column ranges for diagnostics, on the shared line map. */
class LineTable extends LineMap {
  range(offset: number, length: number): Range {
    const a = this.position(offset);
    const b = this.position(offset + length);
    return { startLineNumber: a.line, startColumn: a.column, endLineNumber: b.line, endColumn: b.column };
  }
}

class TreePositions implements PositionMap {
  constructor(
    private readonly root: Node | undefined,
    private readonly lines: LineTable,
    /** A lone top-level object is addressed as document 0 of the upload array. */
    private readonly singleDocument: boolean,
  ) {}

  /**
   * Range of the node at `pointer`, or of its nearest existing ancestor when the pointer names something that
   * is absent (e.g. a missing required property). Primitive values get their full extent; objects and arrays
   * get only their property key (or their opening bracket when they have no key), so that an error on a whole
   * interface does not underline a hundred lines in the editor.
   */
  rangeOf(pointer: string): Range | undefined {
    if (!this.root) return undefined;
    const segments = splitPointer(pointer);
    let node: Node = this.root;
    let rest = segments;
    if (this.singleDocument) {
      if (rest.length > 0 && rest[0] !== '0') return undefined;
      rest = rest.slice(1);
    }
    for (const seg of rest) {
      const next = child(node, seg);
      if (!next) break;
      node = next;
    }
    return this.rangeOfNode(node);
  }

  private rangeOfNode(node: Node): Range {
    if (node.type === 'object' || node.type === 'array') {
      const parent = node.parent;
      const key = parent?.type === 'property' ? parent.children?.[0] : undefined;
      if (key) return this.lines.range(key.offset, key.length);
      return this.lines.range(node.offset, 1);
    }
    return this.lines.range(node.offset, node.length);
  }
}

function child(node: Node, segment: string): Node | undefined {
  if (node.type === 'array') {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
    return node.children?.[Number(segment)];
  }
  if (node.type === 'object') {
    // The last duplicate wins, as in JSON.parse.
    let found: Node | undefined;
    for (const prop of node.children ?? []) {
      if (prop.children?.[0]?.value === segment) found = prop.children[1];
    }
    return found;
  }
  return undefined;
}

function describeParseError(e: ParseError): string {
  switch (printParseErrorCode(e.error)) {
    case 'InvalidSymbol': return 'Invalid symbol';
    case 'InvalidNumberFormat': return 'Invalid number format';
    case 'PropertyNameExpected': return 'Property name expected';
    case 'ValueExpected': return 'Value expected';
    case 'ColonExpected': return 'Colon expected';
    case 'CommaExpected': return 'Comma expected';
    case 'CloseBraceExpected': return "Closing brace '}' expected";
    case 'CloseBracketExpected': return "Closing bracket ']' expected";
    case 'EndOfFileExpected': return 'End of file expected';
    case 'InvalidCommentToken': return 'Comments are not allowed in JSON';
    case 'UnexpectedEndOfComment': return 'Unexpected end of comment';
    case 'UnexpectedEndOfString': return 'Unexpected end of string';
    case 'UnexpectedEndOfNumber': return 'Unexpected end of number';
    case 'InvalidUnicode': return 'Invalid unicode sequence in string';
    case 'InvalidEscapeCharacter': return 'Invalid escape character in string';
    case 'InvalidCharacter': return 'Invalid characters in string (control characters must be escaped)';
    default: return 'Invalid JSON';
  }
}

function findDuplicateKeys(node: Node, pointer: string, lines: LineTable, out: Diagnostic[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const key = prop.children?.[0];
      const value = prop.children?.[1];
      if (!key || typeof key.value !== 'string') continue;
      const childPointer = joinPointer(pointer, key.value);
      if (seen.has(key.value)) {
        out.push({
          severity: 'error', code: 'duplicate-key', pointer: childPointer,
          message: `Duplicate JSON property '${key.value}'.`,
          range: lines.range(key.offset, key.length),
        });
      }
      seen.add(key.value);
      if (value) findDuplicateKeys(value, childPointer, lines, out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => findDuplicateKeys(c, joinPointer(pointer, i), lines, out));
  }
}

/**
 * Parse JSON text (a single interface or an array) keeping positions, so diagnostics get ranges.
 * Strict JSON: comments and trailing commas are errors because ADT rejects them. When there are syntax
 * errors, `documents` is jsonc-parser's best-effort recovery, useful to an editor but not to be uploaded.
 */
export function parseDtdlText(text: string): { documents: unknown[]; diagnostics: Diagnostic[]; positions: PositionMap } {
  // A BOM (common in files saved by Windows tools) becomes a space so that offsets stay unchanged.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const lines = new LineTable(source);
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const diagnostics: Diagnostic[] = errors.map((e) => ({
    severity: 'error' as const,
    code: 'json-syntax',
    pointer: '',
    message: `${describeParseError(e)}.`,
    range: lines.range(e.offset, Math.max(e.length, 1)),
  }));
  const singleDocument = root?.type !== 'array';
  const positions = new TreePositions(root, lines, singleDocument);
  if (!root) {
    if (diagnostics.length === 0) {
      diagnostics.push({ severity: 'error', code: 'json-syntax', pointer: '', message: 'The text contains no JSON value.', range: lines.range(0, 0) });
    }
    return { documents: [], diagnostics, positions };
  }
  findDuplicateKeys(root, singleDocument ? '/0' : '', lines, diagnostics);
  const value: unknown = getNodeValue(root);
  let documents: unknown[];
  if (Array.isArray(value)) documents = value;
  else if (value !== null && typeof value === 'object') documents = [value];
  else {
    documents = [];
    diagnostics.push({
      severity: 'error', code: 'invalid-document', pointer: '',
      message: 'Expected a DTDL Interface object or an array of Interface objects.',
      range: lines.range(root.offset, root.length),
    });
  }
  return { documents, diagnostics, positions };
}
