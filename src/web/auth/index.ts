import type { AccountInfo, EventMessage, IPublicClientApplication, PopupEvent } from '@azure/msal-browser';
import { BrowserUtils, EventType, InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-browser';
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

/** The user closed the sign-in popup before finishing; MSAL's own `user_cancelled` code, so callers treat both alike. */
export class SignInCancelledError extends Error {
  readonly errorCode = 'user_cancelled';
  constructor() {
    super('Sign-in was cancelled.');
    this.name = 'SignInCancelledError';
  }
}

/** How long a closed popup may stay silent before the sign-in counts as cancelled (its redirect page closes itself). */
const CLOSED_GRACE_MS = 1000;
const POLL_MS = 250;

/**
 * Since v5, MSAL waits for the popup's answer on a BroadcastChannel and no longer watches the window, so a popup the
 * user closes is noticed only by its 60 s timeout (`timed_out`), with sign-in locked meanwhile
 * (https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-browser/docs/v5-migration.md).
 * This watches the window MSAL reports through its POPUP_OPENED event; once it has been closed for a moment with no
 * answer, and this page has the focus back (a cross-origin page with COOP can make `closed` read true while the popup
 * is still open and focused), MSAL's wait is cancelled and the sign-in fails at once as cancelled.
 */
function watchPopups(pca: IPublicClientApplication): <T>(work: () => Promise<T>) => Promise<T> {
  let current: Window | null = null;
  pca.addEventCallback((event: EventMessage) => {
    if (event.eventType === EventType.POPUP_OPENED) current = (event.payload as PopupEvent | null)?.popupWindow ?? null;
  });
  return async (work) => {
    current = null;
    let cancelled = false;
    let closedSince: number | undefined;
    const timer = setInterval(() => {
      if (!current?.closed) {
        closedSince = undefined;
        return;
      }
      closedSince ??= Date.now();
      if (Date.now() - closedSince < CLOSED_GRACE_MS || !document.hasFocus()) return;
      clearInterval(timer);
      cancelled = true;
      BrowserUtils.cancelPendingBridgeResponse(pca.getLogger(), '');
    }, POLL_MS);
    try {
      return await work();
    } catch (err) {
      throw cancelled ? new SignInCancelledError() : err;
    } finally {
      clearInterval(timer);
      current = null;
    }
  };
}

/**
 * A short sentence for a failed sign-in, for the header: MSAL's messages are codes with a documentation link
 * (`timed_out: See https://aka.ms/msal.js.errors#timed_out`).
 */
export function describeSignInError(err: unknown): string {
  const code = err && typeof err === 'object' && 'errorCode' in err ? String((err as { errorCode: unknown }).errorCode) : '';
  switch (code) {
    case 'user_cancelled':
    case 'interaction_in_progress_cancelled':
      return 'Sign-in was cancelled.';
    case 'timed_out':
      return 'Sign-in did not finish in time. Try again.';
    case 'popup_window_error':
      return 'The sign-in popup was blocked. Allow popups for this site, or use "Sign in (redirect)".';
    case 'interaction_in_progress':
      return 'Another sign-in is still open. Finish or close it first.';
    default:
      break;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*See https:\/\/aka\.ms\/msal\.js\.errors\S*/, '');
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
  const watched = watchPopups(pca);
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
      const result = await watched(() => pca.loginPopup(request));
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
            interactive ??= watched(() => pca.acquireTokenPopup({ scopes, account, authority }))
              .then((r) => r.accessToken)
              .finally(() => { interactive = null; });
            return interactive;
          }
        },
      };
    },
  };
}
