import { useCallback, useEffect, useRef } from 'react';
import { create } from 'zustand';
import { SIGN_IN_AGAIN } from '../../shared/adt';
import { useConnectionStore } from './connection';

// The 401 and 403 texts live in src/shared/adt; re-exported for the panels that show them.
export { explainForbidden, SIGN_IN_AGAIN, signInAgainText } from '../../shared/adt';

/** What the UI knows of a signed-in account; the tokens themselves never leave MSAL's cache. */
export interface AccountSummary {
  homeAccountId: string;
  username: string;
  name?: string;
  tenantId: string;
}

interface SessionState {
  accounts: AccountSummary[];
  /** environment id → homeAccountId chosen for it */
  accountFor: Record<string, string>;
  /** Set when a call answered 401: the action to repeat once the user has signed in again. */
  pending: { environmentId: string; message: string; retry: () => void } | null;
  setAccounts: (accounts: AccountSummary[]) => void;
  useAccount: (environmentId: string, homeAccountId: string) => void;
  requireSignIn: (environmentId: string, message: string, retry: () => void) => void;
  /** A 401 from any call: ask to sign in again, keeping a retry a feature has already registered. */
  signInNeeded: (environmentId: string) => void;
  /** Drops the pending retry if it is this one (its component is gone, or it was done another way). */
  cancelPending: (retry: () => void) => void;
  takePending: () => (() => void) | null;
}


export const useSession = create<SessionState>()((set, get) => ({
  accounts: [],
  accountFor: {},
  pending: null,
  setAccounts: (accounts) => set({ accounts }),
  useAccount: (environmentId, homeAccountId) => set((s) => ({ accountFor: { ...s.accountFor, [environmentId]: homeAccountId } })),
  requireSignIn: (environmentId, message, retry) => set({ pending: { environmentId, message, retry } }),
  signInNeeded: (environmentId) => {
    if (get().pending?.environmentId !== environmentId) set({ pending: { environmentId, message: SIGN_IN_AGAIN, retry: () => {} } });
  },
  cancelPending: (retry) => {
    if (get().pending?.retry === retry) set({ pending: null });
  },
  takePending: () => {
    const p = get().pending;
    set({ pending: null });
    return p?.retry ?? null;
  },
}));

/**
 * For a panel whose call got a 401: the returned function makes "Sign in again" run `action` once the user has
 * signed in. The action run is the one of the latest render, so it redoes the work with what the user has then, not
 * with what failed. The retry is dropped if the panel goes away first: a write must not fire from a screen the user
 * has left.
 */
export function useRetryAfterSignIn(action: () => void): () => void {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  const registered = useRef<(() => void) | null>(null);
  useEffect(
    () => () => {
      if (registered.current) useSession.getState().cancelPending(registered.current);
    },
    [],
  );
  return useCallback(() => {
    const once = () => {
      registered.current = null;
      latest.current();
    };
    // Only where the client has already asked for a sign-in: real instances (the emulator has none to offer).
    const environmentId = useConnectionStore.getState().environmentId;
    if (useSession.getState().pending?.environmentId !== environmentId) return;
    registered.current = once;
    useSession.getState().requireSignIn(environmentId, SIGN_IN_AGAIN, once);
  }, []);
}
