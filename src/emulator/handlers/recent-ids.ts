/**
 * Remembers keys for a while, to drop repeats: telemetry Message-Ids, which ADT uses to de-duplicate messages
 * (https://learn.microsoft.com/rest/api/digital-twins/dataplane/digital-twins/send-telemetry). Bounded in count and in age, so a long-running emulator does not grow with its traffic.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** True when `key` was seen within the window; otherwise remembers it and returns false. */
  repeat(key: string): boolean {
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.ttlMs) return true;
    // Re-inserted, so that Map order (insertion order) stays oldest first.
    this.seen.delete(key);
    this.seen.set(key, t);
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    return false;
  }
}
