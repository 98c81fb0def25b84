/**
 * A sorted set of strings in UTF-16 code-unit order (JavaScript's `<`), kept as a list of small sorted blocks.
 * Stable paging needs twins and relationships in key order, resumable from any key: a seek is two binary searches,
 * and an insert or delete moves at most one block's worth of entries, so a 100k-twin import keeps its speed
 * (one flat sorted array would move up to 100k entries per insert).
 */

const MAX_BLOCK = 512;

export class SortedKeys {
  private blocks: string[][] = [];
  private count = 0;

  constructor(keys?: Iterable<string>) {
    if (!keys) return;
    const sorted = [...new Set(keys)].sort(compareStrings);
    for (let i = 0; i < sorted.length; i += MAX_BLOCK / 2) this.blocks.push(sorted.slice(i, i + MAX_BLOCK / 2));
    this.count = sorted.length;
  }

  get size(): number {
    return this.count;
  }

  /** The block that holds `key`, or would: the last block whose first key is <= key (the first block if none). */
  private blockFor(key: string): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const first = (this.blocks[mid] as string[])[0] as string;
      if (first <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  has(key: string): boolean {
    const block = this.blocks[this.blockFor(key)];
    if (!block) return false;
    const i = lowerBound(block, key);
    return block[i] === key;
  }

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    if (this.blocks.length === 0) {
      this.blocks.push([key]);
      this.count = 1;
      return true;
    }
    const b = this.blockFor(key);
    const block = this.blocks[b] as string[];
    const i = lowerBound(block, key);
    if (block[i] === key) return false;
    block.splice(i, 0, key);
    this.count++;
    if (block.length > MAX_BLOCK) this.blocks.splice(b + 1, 0, block.splice(block.length >> 1));
    return true;
  }

  /** Removes `key`; false when it was not there. */
  delete(key: string): boolean {
    const b = this.blockFor(key);
    const block = this.blocks[b];
    if (!block) return false;
    const i = lowerBound(block, key);
    if (block[i] !== key) return false;
    block.splice(i, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(b, 1);
    return true;
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }

  /**
   * Keys in order, from the first key >= `from` (all keys without it). Reads by position, so a change to the set
   * while iterating cannot throw; the engine never does that, as a query page runs without yielding.
   */
  *from(from?: string): IterableIterator<string> {
    if (this.blocks.length === 0) return;
    let b = from === undefined ? 0 : this.blockFor(from);
    let i = from === undefined ? 0 : lowerBound(this.blocks[b] as string[], from);
    for (; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b] as string[];
      for (; i < block.length; i++) yield block[i] as string;
    }
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.from();
  }
}

/** Code-unit order, the order of `<` on strings (not localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(block: readonly string[], key: string): number {
  let lo = 0;
  let hi = block.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((block[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges ascending, pairwise disjoint key streams into one ascending stream (a twin has one model). */
export function* mergeAscending(streams: Iterable<string>[]): IterableIterator<string> {
  const its = streams.map((s) => s[Symbol.iterator]());
  const heads: (string | undefined)[] = its.map((it) => {
    const r = it.next();
    return r.done ? undefined : r.value;
  });
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && (best < 0 || h < (heads[best] as string))) best = i;
    }
    if (best < 0) return;
    yield heads[best] as string;
    const r = (its[best] as Iterator<string>).next();
    heads[best] = r.done ? undefined : r.value;
  }
}
