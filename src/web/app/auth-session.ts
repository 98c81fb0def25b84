import type { AccountInfo, MsalAuth } from '../auth';
import type { TokenProvider } from '../adt-client';
import type { AppConfig, EnvironmentConfig } from '../config/runtime-config';
import { useSession, type AccountSummary } from '../stores/session';

/**
 * Connects MSAL (through src/web/auth, the only module that imports it) to the session store. Tokens stay in MSAL's
 * cache; the store only holds account names, so nothing token-shaped reaches React state, logs or URLs.
 */
export interface AuthSession {
  readonly configured: boolean;
  signIn(env: EnvironmentConfig, mode: 'popup' | 'redirect'): Promise<void>;
  signOut(homeAccountId: string): Promise<void>;
  tokenProviderFor(env: EnvironmentConfig): TokenProvider | null;
}

function summary(a: AccountInfo): AccountSummary {
  return { homeAccountId: a.homeAccountId, username: a.username, ...(a.name ? { name: a.name } : {}), tenantId: a.tenantId };
}

/** The account for an environment: the one the user picked for it, else one from the environment's tenant. */
export function pickAccount(env: EnvironmentConfig, accounts: readonly AccountSummary[], chosen: Record<string, string>): AccountSummary | undefined {
  const picked = chosen[env.id];
  if (picked) {
    const a = accounts.find((x) => x.homeAccountId === picked);
    if (a) return a;
  }
  if (env.tenantId) return accounts.find((a) => a.tenantId === env.tenantId || a.homeAccountId.endsWith(`.${env.tenantId}`));
  return accounts[0];
}

export async function createAuthSession(config: AppConfig, pageUrl: string): Promise<AuthSession> {
  if (!config.msal.clientId) {
    return {
      configured: false,
      signIn: async () => {
        throw new Error('Sign-in is not configured: set msal.clientId in config.json.');
      },
      signOut: async () => {},
      tokenProviderFor: () => null,
    };
  }
  // MSAL is loaded only where sign-in is configured: the emulator-only first screen does not pay for it.
  const { createMsalAuth, describeSignInError, isAuthResponseWindow, relayAuthResponse } = await import('../auth');
  if (isAuthResponseWindow()) {
    await relayAuthResponse();
    // This window only carries the sign-in response back (a popup closes itself, MSAL removes its iframe). The app
    // is not started in it: its MSAL would try to handle the response a second time, and its panels would call the
    // service for nothing.
    return new Promise<never>(() => {});
  }
  const msal: MsalAuth = createMsalAuth({
    clientId: config.msal.clientId,
    authority: config.msal.authority,
    redirectUri: config.msal.redirectUri ?? new URL('./', pageUrl).href,
    ...(config.msal.cacheLocation ? { cacheLocation: config.msal.cacheLocation } : {}),
  });
  const refresh = () => useSession.getState().setAccounts(msal.accounts().map(summary));
  const redirected = await msal.initialize();
  refresh();
  if (redirected) refresh();

  return {
    configured: true,
    async signIn(env, mode) {
      let account: AccountInfo | null;
      try {
        account = await msal.signIn(mode, env.tenantId);
      } catch (err) {
        // The header shows one short line; MSAL's message is a code and a link.
        throw new Error(describeSignInError(err), { cause: err });
      }
      refresh();
      if (account) {
        useSession.getState().useAccount(env.id, account.homeAccountId);
        useSession.getState().takePending()?.();
      }
    },
    async signOut(homeAccountId) {
      const account = msal.accounts().find((a) => a.homeAccountId === homeAccountId);
      if (account) await msal.signOut(account);
      refresh();
    },
    tokenProviderFor(env) {
      const { accounts, accountFor } = useSession.getState();
      const chosen = pickAccount(env, accounts, accountFor);
      const account = chosen && msal.accounts().find((a) => a.homeAccountId === chosen.homeAccountId);
      return account ? msal.tokenProvider(account, env.tenantId) : null;
    },
  };
}
