import type { ComponentInfo, ContentInfo, Diagnostic, InterfaceInfo, PositionMap } from './types';
import type { ModelIndex } from './model-index';
import { DocumentParser } from './document';
import type { Loc, ParsedInterface } from './document';
import { joinPointer } from '../json/pointer';
import { LIMITS } from './vocab';

/**
 * Parses documents one by one with the single-document rules only (no cross-model checks). Meant for
 * re-loading models that were validated when they were uploaded, e.g. when the emulator starts.
 */
export function parseInterfaces(documents: unknown[]): { interfaces: InterfaceInfo[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const interfaces: InterfaceInfo[] = [];
  documents.forEach((doc, i) => {
    const p = new DocumentParser(diagnostics, i).parse(doc);
    if (p) interfaces.push(p.info);
  });
  return { interfaces, diagnostics };
}

/**
 * Validates an upload batch against the models already in `index` (all-or-nothing, as ADT checks an upload: https://learn.microsoft.com/azure/digital-twins/concepts-models).
 * Besides DTDL errors it reports ids that already exist in `index` with code 'model-exists', which ADT answers
 * with 409 ModelIdAlreadyExists instead of 400 DTDLParserError.
 */
export function validateModels(documents: unknown[], index: ModelIndex, options?: { positions?: PositionMap }):
  { ok: boolean; diagnostics: Diagnostic[]; interfaces: InterfaceInfo[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedInterface[] = [];
  documents.forEach((doc, i) => {
    const p = new DocumentParser(diagnostics, i).parse(doc);
    if (p) parsed.push(p);
  });

  const batch = new Map<string, ParsedInterface>();
  for (const p of parsed) {
    const id = p.info.id;
    const idLoc: Loc = { pointer: joinPointer(p.loc.pointer, '@id'), label: '@id' };
    const first = batch.get(id);
    if (first) {
      report(diagnostics, id, 'duplicate-id', idLoc, `The model id appears more than once in this request (documents ${first.docIndex} and ${p.docIndex}).`);
      continue;
    }
    batch.set(id, p);
    if (index.has(id)) report(diagnostics, id, 'model-exists', idLoc, 'A model with this id already exists.');
  }

  new CrossChecker(batch, index, diagnostics).run();

  if (options?.positions) {
    for (const d of diagnostics) {
      const range = options.positions.rangeOf(d.pointer);
      if (range) d.range = range;
    }
  }
  return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics, interfaces: parsed.map((p) => p.info) };
}

function report(diags: Diagnostic[], modelId: string, code: string, loc: Loc, text: string): void {
  diags.push({ severity: 'error', code, modelId, pointer: loc.pointer, message: `${modelId}${loc.label ? ` › ${loc.label}` : ''}: ${text}` });
}

interface Hierarchy {
  ancestors: string[];
  /** Longest extends chain above the interface (0 when it extends nothing). */
  depth: number;
  cyclic: boolean;
  /** Own + inherited contents by name; the first definition found wins. */
  contents: Map<string, ContentInfo>;
}

class CrossChecker {
  private readonly hierarchies = new Map<string, Hierarchy>();
  private readonly depthMemo = new Map<string, number>();

  constructor(
    private readonly batch: Map<string, ParsedInterface>,
    private readonly index: ModelIndex,
    private readonly diags: Diagnostic[],
  ) {}

  private lookup(id: string): InterfaceInfo | undefined {
    return this.batch.get(id)?.info ?? this.index.get(id);
  }

  run(): void {
    for (const p of this.batch.values()) {
      this.checkExtends(p);
      this.checkNames(p);
      this.checkComponents(p);
    }
  }

  private hierarchy(id: string): Hierarchy {
    const cached = this.hierarchies.get(id);
    if (cached) return cached;
    const ancestors: string[] = [];
    const seen = new Set<string>([id]);
    let cyclic = false;
    let frontier = this.lookup(id)?.extends ?? [];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const a of frontier) {
        if (a === id) cyclic = true;
        if (seen.has(a)) continue;
        seen.add(a);
        ancestors.push(a);
        next.push(...(this.lookup(a)?.extends ?? []));
      }
      frontier = next;
    }
    const contents = new Map<string, ContentInfo>();
    for (const source of [id, ...ancestors]) {
      for (const c of this.lookup(source)?.contents ?? []) if (!contents.has(c.name)) contents.set(c.name, c);
    }
    const h: Hierarchy = { ancestors, depth: this.depth(id, new Set()), cyclic, contents };
    this.hierarchies.set(id, h);
    return h;
  }

  private depth(id: string, visiting: Set<string>): number {
    const memo = this.depthMemo.get(id);
    if (memo !== undefined) return memo;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let d = 0;
    for (const parent of this.lookup(id)?.extends ?? []) {
      if (this.lookup(parent)) d = Math.max(d, 1 + this.depth(parent, visiting));
    }
    visiting.delete(id);
    this.depthMemo.set(id, d);
    return d;
  }

  private checkExtends(p: ParsedInterface): void {
    const id = p.info.id;
    const limits = LIMITS[p.info.dtdlVersion];
    for (const ref of p.extendsRefs) {
      const parent = this.lookup(ref.id);
      if (!parent) {
        report(this.diags, id, 'missing-dependency', ref.loc, `extends '${ref.id}', which is neither in this request nor among the uploaded models.`);
      } else if (p.info.dtdlVersion === 2 && parent.dtdlVersion === 3) {
        report(this.diags, id, 'version-mismatch', ref.loc, `A DTDL v2 Interface cannot extend the DTDL v3 Interface '${ref.id}'.`);
      }
    }
    if (p.extendsRefs.length === 0) return;
    const h = this.hierarchy(id);
    const extendsLoc: Loc = { pointer: joinPointer(p.loc.pointer, 'extends'), label: 'extends' };
    if (h.cyclic) {
      report(this.diags, id, 'extends-cycle', extendsLoc, 'The Interface extends itself through its ancestors (inheritance cycle).');
      return;
    }
    if (h.depth > limits.maxExtendsDepth) {
      report(this.diags, id, 'limit', extendsLoc, `The extends hierarchy is ${h.depth} levels deep; at most ${limits.maxExtendsDepth} are allowed.`);
    }
    const maxInHierarchy = limits.maxInterfacesInHierarchy;
    if (maxInHierarchy !== undefined && h.ancestors.length > maxInHierarchy) {
      report(this.diags, id, 'limit', extendsLoc, `The extends hierarchy holds ${h.ancestors.length} Interfaces; at most ${maxInHierarchy} are allowed.`);
    }
  }

  private checkNames(p: ParsedInterface): void {
    const id = p.info.id;
    const h = this.hierarchy(id);
    if (h.cyclic) return;
    const inherited = new Map<string, string>();
    const extendsLoc: Loc = { pointer: joinPointer(p.loc.pointer, 'extends'), label: 'extends' };
    const conflicts = new Set<string>();
    for (const a of h.ancestors) {
      for (const c of this.lookup(a)?.contents ?? []) {
        const prev = inherited.get(c.name);
        if (prev === undefined) inherited.set(c.name, a);
        else if (prev !== a && !conflicts.has(c.name)) {
          conflicts.add(c.name);
          report(this.diags, id, 'duplicate-name', extendsLoc, `Name '${c.name}' is inherited from both '${prev}' and '${a}'.`);
        }
      }
    }
    for (const [name, loc] of p.contentLocs) {
      const from = inherited.get(name);
      if (from !== undefined) {
        report(this.diags, id, 'duplicate-name', { pointer: joinPointer(loc.pointer, 'name'), label: `${loc.label} › name` },
          `Name '${name}' is already defined by the inherited Interface '${from}'; an extending Interface may not redeclare it.`);
      }
    }
    const max = LIMITS[p.info.dtdlVersion].maxContents;
    if (max !== undefined && h.contents.size > max) {
      report(this.diags, id, 'limit', { pointer: joinPointer(p.loc.pointer, 'contents'), label: 'contents' },
        `The Interface has ${h.contents.size} contents including inherited ones; DTDL v2 allows at most ${max}.`);
    }
  }

  private checkComponents(p: ParsedInterface): void {
    const id = p.info.id;
    for (const ref of p.componentRefs) {
      const target = this.lookup(ref.id);
      if (!target) {
        report(this.diags, id, 'missing-dependency', ref.loc, `Component '${ref.name}' uses Interface '${ref.id}', which is neither in this request nor among the uploaded models.`);
        continue;
      }
      if (p.info.dtdlVersion === 2 && target.dtdlVersion === 3) {
        report(this.diags, id, 'version-mismatch', ref.loc, `A DTDL v2 Interface cannot use the DTDL v3 Interface '${ref.id}' as a component.`);
      }
      const nested = [...this.hierarchy(ref.id).contents.values()].filter((c): c is ComponentInfo => c.kind === 'Component');
      if (ref.id === id || nested.length > 0) {
        const names = nested.map((c) => `'${c.name}'`).join(', ');
        report(this.diags, id, 'component-nesting', ref.loc, ref.id === id
          ? `Component '${ref.name}' uses the Interface that contains it; components cannot be recursive.`
          : `Component '${ref.name}' uses Interface '${ref.id}', which itself has components (${names}); components cannot contain components.`);
      }
    }
  }
}

/**
 * The message ADT puts in a 400 DTDLParserError (https://learn.microsoft.com/rest/api/digital-twins/dataplane/models/add): one sentence per error, after a fixed prefix.
 * Warnings are left out; returns '' when there is no error.
 */
export function formatDiagnostics(diags: Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length === 0) return '';
  const parts = errors.map((d) => (/[.!?]$/.test(d.message) ? d.message : `${d.message}.`));
  return `None of the models in this request could be created due to a problem with one or more models: ${parts.join(' ')}`;
}
