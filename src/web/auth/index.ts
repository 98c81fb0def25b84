import type { AccountInfo, IPublicClientApplication } from '@azure/msal-browser';
import { BrowserUtils, InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-browser';
import type { TokenProvider } from '../adt-client';

/** The data-plane scope every ADT SDK requests (resource app 0b07f429-9f4b-4714-9392-cc5e8e80c8b0). */
export const ADT_SCOPE = 'https://digitaltwins.azure.net/.default';

export type { AccountInfo } from '@azure/msal-browser';

/** The emulator accepts any token on loopback, so none is sent. */
export function createEmulatorTokenProvider(): TokenProvider {
  return { getToken: async () => null };
}

export interface MsalAuthConfig {
  clientId: string;
  authority: string;
  redirectUri: string;
  /** sessionStorage by default: tokens do not outlive the tab. */
  cacheLocation?: 'sessionStorage' | 'localStorage';
}

export interface MsalAuth {
  /** Must run before anything else; completes a pending redirect sign-in and returns its account. */
  initialize(): Promise<AccountInfo | null>;
  /** 'redirect' navigates away and resolves to null; the account arrives through `initialize()` on return. */
  signIn(mode: 'popup' | 'redirect', tenant?: string): Promise<AccountInfo | null>;
  signOut(account: AccountInfo): Promise<void>;
  accounts(): AccountInfo[];
  tokenProvider(account: AccountInfo, tenant?: string): TokenProvider;
}

/** `https://login.microsoftonline.com/organizations` + `contoso.onmicrosoft.com` → `https://login.microsoftonline.com/contoso.onmicrosoft.com`. */
export function authorityForTenant(authority: string, tenant?: string): string {
  if (!tenant) return authority;
  return `${new URL(authority).origin}/${encodeURIComponent(tenant)}`;
}

/**
 * True in the window the identity provider sent back to from a sign-in popup or a silent-renewal iframe. Since MSAL v5
 * that window must hand the response to the app that asked (`broadcastResponseToMainFrame`); the app's own MSAL does
 * not, and handling it there fails with no_token_request_cache_error while the opener waits until it times out.
 */
export function isAuthResponseWindow(): boolean {
  if (BrowserUtils.isInPopup()) return true;
  if (!BrowserUtils.isInIframe()) return false;
  try {
    BrowserUtils.parseAuthResponseFromUrl();
    return true;
  } catch {
    return false;
  }
}

/** Passes the response in this window's URL to the waiting app; a popup then closes itself. */
export async function relayAuthResponse(): Promise<void> {
  const { broadcastResponseToMainFrame } = await import('@azure/msal-browser/redirect-bridge');
  await broadcastResponseToMainFrame();
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function createMsalAuth(config: MsalAuthConfig): MsalAuth {
  const pca: IPublicClientApplication = new PublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: config.redirectUri },
    cache: { cacheLocation: config.cacheLocation ?? 'sessionStorage' },
  });
  const scopes = [ADT_SCOPE];
  // MSAL allows one interaction at a time; concurrent requests that all need a popup share it.
  let interactive: Promise<string> | null = null;

  return {
    async initialize() {
      await pca.initialize();
      const result = await pca.handleRedirectPromise();
      return result?.account ?? null;
    },

    async signIn(mode, tenant) {
      const request = { scopes, authority: authorityForTenant(config.authority, tenant), prompt: 'select_account' };
      if (mode === 'redirect') {
        await pca.loginRedirect(request);
        return null;
      }
      const result = await pca.loginPopup(request);
      return result.account;
    },

    async signOut(account) {
      // Clears this account from MSAL's cache without a round trip to the identity provider.
      await pca.clearCache({ account });
    },

    accounts: () => pca.getAllAccounts(),

    tokenProvider(account, tenant) {
      const authority = authorityForTenant(config.authority, tenant);
      return {
        async getToken(signal) {
          if (signal?.aborted) throw abortError(signal);
          try {
            const result = await pca.acquireTokenSilent({ scopes, account, authority });
            return result.accessToken;
          } catch (err) {
            if (!(err instanceof InteractionRequiredAuthError)) throw err;
            if (signal?.aborted) throw abortError(signal);
            interactive ??= pca.acquireTokenPopup({ scopes, account, authority })
              .then((r) => r.accessToken)
              .finally(() => { interactive = null; });
            return interactive;
          }
        },
      };
    },
  };
}
