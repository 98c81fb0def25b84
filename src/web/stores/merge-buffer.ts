import type { DigitalTwin, Relationship } from '../../shared/adt';
import type { MergeMode } from './graph-model';

/** A page of documents bound for the graph. */
export interface DocumentDelta {
  twins?: Iterable<DigitalTwin>;
  relationships?: Iterable<Relationship>;
}

export interface MergeBuffer {
  add(delta: DocumentDelta, mode: MergeMode): void;
  /** Merges whatever is pending now. Call it when the load ends, however it ends. */
  flush(): void;
}

/**
 * Collects query pages and merges them into the graph at most once per interval. Every merge copies the graph's
 * maps (they are immutable so that views can compare them), so merging each of a 50k-twin load's 160 pages did
 * O(pages × twins) work; merging every `intervalMs` bounds it by the load's duration instead. The first page is
 * merged at once, so a replacing query clears the old graph without delay.
 */
export function createMergeBuffer(merge: (delta: DocumentDelta, mode: MergeMode) => void, intervalMs = 250, now: () => number = () => performance.now()): MergeBuffer {
  let twins: DigitalTwin[] = [];
  let relationships: Relationship[] = [];
  let mode: MergeMode | null = null;
  let last = -Infinity;
  const flush = () => {
    if (mode === null) return;
    const delta = { twins, relationships };
    const m = mode;
    twins = [];
    relationships = [];
    mode = null;
    last = now();
    merge(delta, m);
  };
  return {
    add(delta, m) {
      // A replace must not be folded into a pending overlay (or the reverse): merge what is pending first.
      if (mode !== null && mode !== m) flush();
      mode = m;
      for (const t of delta.twins ?? []) twins.push(t);
      for (const r of delta.relationships ?? []) relationships.push(r);
      if (now() - last >= intervalMs) flush();
    },
    flush,
  };
}
