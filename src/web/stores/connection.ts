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
/**
 * Every ADT data-plane host is `<name>.api.<region>.digitaltwins.azure.net`
 * (https://learn.microsoft.com/azure/digital-twins/how-to-set-up-instance-portal#verify-success-and-collect-important-values),
 * and it is the only suffix the proxy forwards to without extra configuration.
 */
export const ADT_HOST_SUFFIX = '.digitaltwins.azure.net';

/** Why `input` is not an ADT instance's host name, or null when it is one. */
export function adtHostProblem(input: string): string | null {
  const raw = input.trim();
  if (raw === '') return "Enter the instance's host name, e.g. myinstance.api.weu.digitaltwins.azure.net.";
  const rest = raw.replace(/^[a-z]+:\/\//i, '');
  const extra = /[/?#].*$/.exec(rest)?.[0] ?? '';
  if (extra !== '' && extra !== '/') return `Enter the host name only, without "${extra}": e.g. myinstance.api.weu.digitaltwins.azure.net.`;
  const host = normalizeHost(raw);
  if (!HOST_RE.test(host)) return `"${raw}" is not a host name. Use the instance's host, e.g. myinstance.api.weu.digitaltwins.azure.net.`;
  if (!host.endsWith(ADT_HOST_SUFFIX) || host.includes(':')) {
    return `${host} is not an Azure Digital Twins host: those end in ${ADT_HOST_SUFFIX}, with no port (the host name on the instance's Overview page).`;
  }
  return null;
}

export function validateEnvironment(env: Pick<EnvironmentConfig, 'label' | 'endpoint' | 'kind'>): string | null {
  if (!env.label.trim()) return 'Give the environment a label.';
  if (env.kind === 'adt') return adtHostProblem(env.endpoint);
  return null;
}

/** Another environment already on `host` (a second one would replace it, as both get the id of the host). */
export function environmentOnHost(environments: readonly EnvironmentConfig[], host: string, exceptId?: string): EnvironmentConfig | undefined {
  const wanted = normalizeHost(host);
  return environments.find((e) => e.kind === 'adt' && e.id !== exceptId && (normalizeHost(e.endpoint) === wanted || e.id === environmentIdForHost(wanted)));
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
