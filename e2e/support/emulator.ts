import { createEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server';

/**
 * An emulator of a spec's own, serving the built app, for specs that write data the rest of the suite must not see
 * (hostile twins, say). E2E_APP_DIR points at another build than `dist` (e.g. a private `vite build --outDir`).
 */
export function startOwnEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return createEmulator({
    httpPort: 0,
    port: 0,
    seed: 'sample',
    appDir: process.env.E2E_APP_DIR ?? 'dist',
    dataDir: 'test-results/emulator-data',
    quiet: true,
    ...options,
  });
}

export const API = 'api-version=2023-10-31';
