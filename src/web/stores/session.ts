import { create } from 'zustand';

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
  takePending: () => (() => void) | null;
}

export const useSession = create<SessionState>()((set, get) => ({
  accounts: [],
  accountFor: {},
  pending: null,
  setAccounts: (accounts) => set({ accounts }),
  useAccount: (environmentId, homeAccountId) => set((s) => ({ accountFor: { ...s.accountFor, [environmentId]: homeAccountId } })),
  requireSignIn: (environmentId, message, retry) => set({ pending: { environmentId, message, retry } }),
  takePending: () => {
    const p = get().pending;
    set({ pending: null });
    return p?.retry ?? null;
  },
}));

/** What a 403 from ADT means, in the words of the roles a user asks their admin for. */
export function explainForbidden(method: string, url: string): string {
  // POST /query only reads.
  const write = method !== 'GET' && !(method === 'POST' && /\/query(\?|$)/.test(url));
  return write
    ? 'Your account is signed in but may not change this instance. Writing needs the "Azure Digital Twins Data Owner" role on the instance (assigned in the Azure portal under Access control (IAM)).'
    : 'Your account is signed in but may not read this instance. Reading needs the "Azure Digital Twins Data Reader" role (or Data Owner) on the instance (assigned in the Azure portal under Access control (IAM)).';
}
