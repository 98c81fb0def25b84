import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IDS, TestApi, testModels } from '../test-support';
import { dumpStore, orphanRelationships } from './dump';
import { startEmulatorProcess } from './load';
import { Prng } from './prng';

/**
 * Crash safety (no acknowledged write lost, no broken row): the emulator runs as a child process on a SQLite file; writers hammer it; it is killed
 * with SIGKILL at a random moment; it is restarted on the same file and everything is checked:
 * - every write acknowledged before the kill is there (with the value it was acknowledged with, or the value of the
 *   one later write that was in flight when the process died);
 * - no write that was answered with an error is there;
 * - no relationship lacks its source or its target twin.
 * Shared by the test (a few cycles) and bench/crash-cycles.ts (the full 20).
 */

const HUB = 'hub';

export interface CrashOptions {
  cycles: number;
  seed: number;
  writers?: number;
  /** The kill comes at a random moment in this window after the burst starts (ms). */
  killWindowMs?: [number, number];
  log?: (line: string) => void;
}

export interface CycleResult {
  cycle: number;
  killAfterMs: number;
  acknowledged: number;
  failedAsExpected: number;
  inFlightAtKill: number;
  restartMs: number;
}

export interface CrashReport {
  cycles: CycleResult[];
  /** Problems found after restarts; empty when every promise held. */
  violations: string[];
  totals: { acknowledged: number; failedAsExpected: number; inFlightAtKill: number; twinsAtEnd: number; relationshipsAtEnd: number };
}

type State = 'present' | 'absent' | 'either';
interface Expectation { state: State; names: Set<string> }

class Ledger {
  readonly twins = new Map<string, Expectation>();
  readonly rels = new Map<string, State>();
  acknowledged = 0;
  failed = 0;
  inFlight = 0;

  twin(id: string): Expectation {
    let e = this.twins.get(id);
    if (!e) this.twins.set(id, (e = { state: 'absent', names: new Set() }));
    return e;
  }
}

async function startEmulator(db: string, dir: string): Promise<{ child: ChildProcess; api: TestApi }> {
  const { child, port } = await startEmulatorProcess(db, dir);
  return { child, api: new TestApi(`http://127.0.0.1:${port}`) };
}

/** One writer's burst: a fixed script of writes that succeed and writes that must fail, until the server dies. */
async function writer(api: TestApi, ledger: Ledger, prefix: string, rng: Prng, violations: string[]): Promise<void> {
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    try {
      return await api.call(method, path, { ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    } catch {
      return null; // the server is gone
    }
  };
  const unexpected = (what: string, status: number, text: string): void => void violations.push(`${what}: unexpected ${status} ${text.slice(0, 200)}`);

  for (let i = 0; ; i++) {
    const id = `${prefix}-${i}`;
    const twin = ledger.twin(id);
    // Create a twin.
    let r = await call('PUT', `/digitaltwins/${id}`, { $metadata: { $model: TEST_IDS.floor }, name: 'v0' });
    if (!r) {
      twin.state = 'either';
      twin.names.add('v0');
      ledger.inFlight++;
      return;
    }
    if (r.status !== 200) return unexpected(`PUT ${id}`, r.status, r.text);
    twin.state = 'present';
    twin.names = new Set(['v0']);
    ledger.acknowledged++;
    let etag = r.headers.get('etag') ?? '';

    // Link it from the hub.
    const relKey = `${HUB}/${id}`;
    r = await call('PUT', `/digitaltwins/${HUB}/relationships/${id}`, { $relationshipName: 'has', $targetId: id });
    if (!r) {
      ledger.rels.set(relKey, 'either');
      ledger.inFlight++;
      return;
    }
    if (r.status !== 200) return unexpected(`PUT relationship ${id}`, r.status, r.text);
    ledger.rels.set(relKey, 'present');
    ledger.acknowledged++;

    // A conditional update with the current ETag.
    r = await call('PATCH', `/digitaltwins/${id}`, [{ op: 'replace', path: '/name', value: 'v1' }], { 'if-match': etag });
    if (!r) {
      twin.names.add('v1');
      ledger.inFlight++;
      return;
    }
    if (r.status !== 204) return unexpected(`PATCH ${id}`, r.status, r.text);
    twin.names = new Set(['v1']);
    etag = r.headers.get('etag') ?? '';
    ledger.acknowledged++;

    // Writes that must fail, and must leave nothing behind: a stale ETag, a missing target, an invalid twin, and
    // deleting a twin that still has a relationship.
    const failing: [string, string, unknown, Record<string, string> | undefined, number, () => void][] = [
      ['PATCH', `/digitaltwins/${id}`, [{ op: 'replace', path: '/name', value: 'stale' }], { 'if-match': 'W/"00000000-0000-0000-0000-000000000000"' }, 412, () => undefined],
      ['PUT', `/digitaltwins/${HUB}/relationships/${id}-dangling`, { $relationshipName: 'has', $targetId: `${id}-nowhere` }, undefined, 404,
        () => ledger.rels.set(`${HUB}/${id}-dangling`, 'absent')],
      ['PUT', `/digitaltwins/${id}-invalid`, { $metadata: { $model: TEST_IDS.floor }, name: 5 }, undefined, 400,
        () => ledger.twins.set(`${id}-invalid`, { state: 'absent', names: new Set() })],
      ['DELETE', `/digitaltwins/${id}`, undefined, undefined, 400, () => undefined],
    ];
    for (const [method, path, body, headers, status, record] of failing) {
      record();
      r = await call(method, path, body, headers);
      if (!r) {
        ledger.inFlight++;
        return;
      }
      if (r.status !== status) return unexpected(`${method} ${path}`, r.status, r.text);
      ledger.failed++;
    }

    // Now and then take it down again: the relationship first, then the twin.
    if (rng.chance(0.3)) {
      r = await call('DELETE', `/digitaltwins/${HUB}/relationships/${id}`);
      if (!r) {
        ledger.rels.set(relKey, 'either');
        ledger.inFlight++;
        return;
      }
      if (r.status !== 204) return unexpected(`DELETE relationship ${id}`, r.status, r.text);
      ledger.rels.set(relKey, 'absent');
      ledger.acknowledged++;
      r = await call('DELETE', `/digitaltwins/${id}`, undefined, { 'if-match': etag });
      if (!r) {
        twin.state = 'either';
        ledger.inFlight++;
        return;
      }
      if (r.status !== 204) return unexpected(`DELETE ${id}`, r.status, r.text);
      twin.state = 'absent';
      ledger.acknowledged++;
    }
  }
}

/** Checks the restarted store against everything the ledger knows. */
async function verify(api: TestApi, ledger: Ledger, violations: string[], cycle: number) {
  const dump = await dumpStore(api);
  const twins = new Map(dump.twins.map((t) => [t['$dtId'] as string, t]));
  const rels = new Set(dump.relationships.map((r) => `${String(r['$sourceId'])}/${String(r['$relationshipId'])}`));
  const fail = (m: string) => violations.push(`after kill ${cycle}: ${m}`);
  for (const [id, e] of ledger.twins) {
    const t = twins.get(id);
    if (e.state === 'present' && !t) fail(`acknowledged twin ${id} is missing`);
    if (e.state === 'absent' && t) fail(`twin ${id} is present, but its creation failed or its deletion was acknowledged`);
    if (t && e.names.size > 0 && !e.names.has(t['name'] as string)) fail(`twin ${id} has name ${String(t['name'])}, expected one of ${[...e.names].join(', ')}`);
    if (t && (typeof t['$etag'] !== 'string' || typeof (t['$metadata'] as Record<string, unknown>)['$model'] !== 'string')) fail(`twin ${id} is broken`);
  }
  for (const [key, state] of ledger.rels) {
    if (state === 'present' && !rels.has(key)) fail(`acknowledged relationship ${key} is missing`);
    if (state === 'absent' && rels.has(key)) fail(`relationship ${key} is present, but it failed or was deleted`);
  }
  for (const o of orphanRelationships(dump)) fail(`orphan relationship ${String(o['$sourceId'])}/${String(o['$relationshipId'])} -> ${String(o['$targetId'])}`);
  // Settle the ledger: what was in doubt is now known.
  for (const [id, e] of ledger.twins) {
    const t = twins.get(id);
    e.state = t ? 'present' : 'absent';
    if (t) e.names = new Set([t['name'] as string]);
  }
  for (const key of ledger.rels.keys()) ledger.rels.set(key, rels.has(key) ? 'present' : 'absent');
  return dump;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export async function runCrashCycles(o: CrashOptions): Promise<CrashReport> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-crash-'));
  const db = join(dir, 'crash.db');
  const rng = new Prng(o.seed);
  const ledger = new Ledger();
  const violations: string[] = [];
  const cycles: CycleResult[] = [];
  const [killMin, killMax] = o.killWindowMs ?? [100, 700];
  let running: ChildProcess | undefined;
  try {
    let t0 = performance.now();
    let { child, api } = await startEmulator(db, dir);
    running = child;
    let restartMs = performance.now() - t0;
    if ((await api.post('/models', testModels)).status !== 201) throw new Error('model upload failed');
    if ((await api.put(`/digitaltwins/${HUB}`, { $metadata: { $model: TEST_IDS.building } })).status !== 200) throw new Error('hub failed');
    ledger.twin(HUB).state = 'present';

    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      const before = { ack: ledger.acknowledged, failed: ledger.failed, inFlight: ledger.inFlight };
      const killAfterMs = rng.int(killMin, killMax);
      const bursts = Array.from({ length: o.writers ?? 4 }, (_, w) => writer(api, ledger, `c${cycle}w${w}`, new Prng(o.seed * 1000 + cycle * 10 + w), violations));
      await new Promise((r) => setTimeout(r, killAfterMs));
      await kill(child);
      await Promise.all(bursts);

      t0 = performance.now();
      ({ child, api } = await startEmulator(db, dir));
      running = child;
      restartMs = performance.now() - t0;
      await verify(api, ledger, violations, cycle);
      const result: CycleResult = {
        cycle, killAfterMs, restartMs: Math.round(restartMs),
        acknowledged: ledger.acknowledged - before.ack, failedAsExpected: ledger.failed - before.failed, inFlightAtKill: ledger.inFlight - before.inFlight,
      };
      cycles.push(result);
      o.log?.(`crash cycle ${cycle}: killed after ${killAfterMs} ms, ${result.acknowledged} acknowledged writes, ` +
        `${result.failedAsExpected} refused writes, ${result.inFlightAtKill} in flight; restarted in ${result.restartMs} ms; ${violations.length} violations so far`);
    }
    const final = await dumpStore(api);
    return {
      cycles,
      violations,
      totals: {
        acknowledged: ledger.acknowledged, failedAsExpected: ledger.failed, inFlightAtKill: ledger.inFlight,
        twinsAtEnd: final.twins.length, relationshipsAtEnd: final.relationships.length,
      },
    };
  } finally {
    if (running) await kill(running);
    rmSync(dir, { recursive: true, force: true });
  }
}
