import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { EnvironmentConfig } from '../config/runtime-config';

interface ConnectionState {
  environmentId: string;
  recent: string[];
  /** Environments the user added in the app; presets come from config.json. */
  custom: EnvironmentConfig[];
  select: (id: string) => void;
  saveEnvironment: (env: EnvironmentConfig) => void;
  removeEnvironment: (id: string) => void;
}

const MAX_RECENT = 8;

export function pushRecent(recent: readonly string[], id: string): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, MAX_RECENT);
}

/** ADT host names as the portal shows them: `<name>.api.<region>.digitaltwins.azure.net`, without scheme or path. */
export function normalizeHost(input: string): string {
  let host = input.trim();
  host = host.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').toLowerCase();
  return host;
}

const HOST_RE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(:\d{1,5})?$/;

export function validateEnvironment(env: Pick<EnvironmentConfig, 'label' | 'endpoint' | 'kind'>): string | null {
  if (!env.label.trim()) return 'Give the environment a label.';
  if (env.kind === 'adt') {
    const host = normalizeHost(env.endpoint);
    if (!HOST_RE.test(host)) return `"${env.endpoint}" is not a host name. Use the instance's host, e.g. myinstance.api.weu.digitaltwins.azure.net.`;
  }
  return null;
}

export function environmentIdForHost(host: string): string {
  return `adt:${normalizeHost(host)}`;
}

/** Presets first, then the user's own, with the user's winning when both name the same id. */
export function mergeEnvironments(presets: readonly EnvironmentConfig[], custom: readonly EnvironmentConfig[]): EnvironmentConfig[] {
  const ids = new Set(custom.map((e) => e.id));
  return [...presets.filter((p) => !ids.has(p.id)), ...custom];
}

export const useConnectionStore = create<ConnectionState>()(
  persist(
    (set) => ({
      environmentId: 'local',
      recent: [],
      custom: [],
      select: (id) => set((s) => ({ environmentId: id, recent: pushRecent(s.recent, id) })),
      saveEnvironment: (env) =>
        set((s) => ({ custom: [...s.custom.filter((e) => e.id !== env.id), env] })),
      removeEnvironment: (id) =>
        set((s) => ({
          custom: s.custom.filter((e) => e.id !== id),
          recent: s.recent.filter((r) => r !== id),
          environmentId: s.environmentId === id ? 'local' : s.environmentId,
        })),
    }),
    { name: 'twinscope.connection', version: 2 },
  ),
);
