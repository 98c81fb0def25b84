/**
 * What the app tells a user when Azure Digital Twins answers 401 or 403, written once for every panel. A 401 means the
 * token is missing, expired or refused; a 403 means the signed-in account lacks a data-plane role
 * (https://learn.microsoft.com/azure/digital-twins/concepts-security#authorization-azure-roles-for-azure-digital-twins).
 */

const EXPIRED = 'Your sign-in has expired or was refused.';

/**
 * The 401 text. With `action` ("run the query") it says what signing in again will do; without, it promises that
 * what the user entered is kept for the retry.
 */
export function signInAgainText(action?: string): string {
  return action ? `${EXPIRED} Sign in again to ${action}.` : `${EXPIRED} Sign in again, then retry what failed; nothing you entered is lost.`;
}

/** The 401 text for any call. */
export const SIGN_IN_AGAIN = signInAgainText();

/** What a 403 from ADT means, in the words of the roles a user asks their admin for. */
export function explainForbidden(method: string, url: string): string {
  // POST /query only reads.
  const write = method !== 'GET' && !(method === 'POST' && /\/query(\?|$)/.test(url));
  return write
    ? 'Your account is signed in but may not change this instance. Writing needs the "Azure Digital Twins Data Owner" role on the instance (assigned in the Azure portal under Access control (IAM)).'
    : 'Your account is signed in but may not read this instance. Reading needs the "Azure Digital Twins Data Reader" role (or Data Owner) on the instance (assigned in the Azure portal under Access control (IAM)).';
}
