/**
 * Runtime configuration, read from `config.json` at start-up so that one build deploys to any storage account:
 * only this file differs between deployments.
 */
import { isRecord } from '../../shared/json';
export interface EnvironmentConfig {
  id: string;
  label: string;
  kind: 'emulator' | 'adt';
  /** Emulator: base URL ('' = same origin). ADT: the instance host name, reached through the proxy. */
  endpoint: string;
  tenantId?: string;
  color?: string;
}

export interface AppConfig {
  msal: { clientId: string; authority: string; redirectUri?: string; cacheLocation?: 'sessionStorage' | 'localStorage' };
  proxyUrl: string;
  environments: EnvironmentConfig[];
}

export const LOCAL_EMULATOR: EnvironmentConfig = {
  id: 'local',
  label: 'Local emulator',
  kind: 'emulator',
  endpoint: '',
  color: '#2e7d32',
};

/**
 * The emulator running in this page's Web Worker, on SQLite compiled to WebAssembly: the static site's own
 * environment. Its base URL is a virtual origin (`.invalid` never resolves, RFC 2606) that only the worker
 * transport answers, so its requests never reach the network.
 */
export const IN_BROWSER_ORIGIN = 'https://in-this-browser.invalid';
export const IN_BROWSER_ENVIRONMENT: EnvironmentConfig = {
  id: 'in-browser',
  label: 'In this browser',
  kind: 'emulator',
  endpoint: `${IN_BROWSER_ORIGIN}/`,
  color: '#6a1b9a',
};

export function isInBrowser(environment: EnvironmentConfig | undefined): boolean {
  return environment?.kind === 'emulator' && environment.endpoint.startsWith(IN_BROWSER_ORIGIN);
}

/**
 * When no server of ours answers (the site is served by a plain static host, such as a storage account), the
 * default environment is the emulator in this browser; same-origin emulator entries, which nothing serves there,
 * give way to it. Real instances and emulators at their own URLs stay.
 */
export function withInBrowserEnvironment(config: AppConfig, ownServer: boolean): AppConfig {
  if (ownServer) return config;
  const others = config.environments.filter((e) => !(e.kind === 'emulator' && e.endpoint === '') && e.id !== IN_BROWSER_ENVIRONMENT.id);
  return { ...config, environments: [IN_BROWSER_ENVIRONMENT, ...others] };
}

/**
 * The header our own servers (the emulator serving the app, the Vite dev server in front of it) put on the app's
 * files. A plain static host does not, and that is how the app knows no server of ours is behind it, without a
 * probe request that a static host would answer with a 404.
 */
export const OWN_SERVER_HEADER = 'x-twinscope-server';

export const DEFAULT_CONFIG: AppConfig = {
  msal: { clientId: '', authority: 'https://login.microsoftonline.com/organizations' },
  proxyUrl: '/api/proxy',
  environments: [LOCAL_EMULATOR],
};


/** Merges a parsed config.json over the defaults, dropping malformed environments rather than failing the app. */
export function normalizeConfig(raw: unknown): AppConfig {
  if (!isRecord(raw)) return DEFAULT_CONFIG;
  const msal = isRecord(raw.msal) ? raw.msal : {};
  const envs = Array.isArray(raw.environments) ? raw.environments : [];
  const environments: EnvironmentConfig[] = envs.flatMap((e): EnvironmentConfig[] => {
    if (!isRecord(e) || typeof e.id !== 'string' || typeof e.label !== 'string') return [];
    const kind = e.kind === 'adt' ? 'adt' : 'emulator';
    const env: EnvironmentConfig = { id: e.id, label: e.label, kind, endpoint: typeof e.endpoint === 'string' ? e.endpoint : '' };
    if (typeof e.tenantId === 'string') env.tenantId = e.tenantId;
    if (typeof e.color === 'string') env.color = e.color;
    return [env];
  });
  if (!environments.some((e) => e.kind === 'emulator')) environments.unshift(LOCAL_EMULATOR);
  return {
    msal: {
      clientId: typeof msal.clientId === 'string' ? msal.clientId : '',
      authority: typeof msal.authority === 'string' ? msal.authority : DEFAULT_CONFIG.msal.authority,
      ...(typeof msal.redirectUri === 'string' ? { redirectUri: msal.redirectUri } : {}),
      ...(msal.cacheLocation === 'localStorage' || msal.cacheLocation === 'sessionStorage' ? { cacheLocation: msal.cacheLocation } : {}),
    },
    proxyUrl: typeof raw.proxyUrl === 'string' ? raw.proxyUrl : DEFAULT_CONFIG.proxyUrl,
    environments,
  };
}

/** config.json, and whether one of our servers sent it (see OWN_SERVER_HEADER). */
export async function loadStartup(fetchImpl: typeof fetch = fetch): Promise<{ config: AppConfig; ownServer: boolean }> {
  try {
    const res = await fetchImpl('config.json', { cache: 'no-cache' });
    const ownServer = res.headers.get(OWN_SERVER_HEADER) !== null;
    if (!res.ok) return { config: DEFAULT_CONFIG, ownServer };
    return { config: normalizeConfig(await res.json()), ownServer };
  } catch {
    return { config: DEFAULT_CONFIG, ownServer: false };
  }
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  try {
    const res = await fetchImpl('config.json', { cache: 'no-cache' });
    if (!res.ok) return DEFAULT_CONFIG;
    return normalizeConfig(await res.json());
  } catch {
    // A missing or broken config.json must not keep the explorer from opening on the local emulator.
    return DEFAULT_CONFIG;
  }
}
