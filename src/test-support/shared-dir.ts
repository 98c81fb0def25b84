// Tests only. The project's shared/ folder (fixtures, reference) sits beside the repository, both on developers'
// machines and in CI's clean clone; TWINSCOPE_SHARED_DIR overrides it. The folder is found relative to this file
// (so the tests work from any working directory) and relative to the working directory.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sharedDir(): string {
  const besideRepo = fileURLToPath(new URL('../../../shared', import.meta.url));
  const candidates = [process.env.TWINSCOPE_SHARED_DIR, besideRepo, resolve(process.cwd(), '../shared')];
  const found = candidates.find((p): p is string => !!p && existsSync(join(p, 'fixtures')));
  if (!found) throw new Error(`shared/ not found (looked in ${candidates.filter(Boolean).join(', ')}); set TWINSCOPE_SHARED_DIR`);
  return found;
}

export function realEstateCoreDir(): string {
  return join(sharedDir(), 'fixtures', 'realestatecore', 'Ontology');
}

/** Every model file of the RealEstateCore ontology, sorted. */
export function realEstateCoreFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      return e.isDirectory() ? walk(p) : e.name.endsWith('.json') ? [p] : [];
    });
  return walk(realEstateCoreDir()).sort();
}
