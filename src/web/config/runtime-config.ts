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
