// For the tests of model order (here and in the models panel): a check that an upload order is valid.
import { expect } from 'vitest';
import { modelDependencies, modelIdOf } from './order';

/** Asserts that every dependency inside `docs` comes before the model that needs it. */
export function expectDependenciesFirst(docs: unknown[]): void {
  const seen = new Set<string>();
  const inBatch = new Set(docs.map((d) => modelIdOf(d)));
  for (const d of docs) {
    for (const dep of modelDependencies(d)) if (inBatch.has(dep)) expect(seen.has(dep), `${modelIdOf(d)} after ${dep}`).toBe(true);
    seen.add(modelIdOf(d) as string);
  }
}
