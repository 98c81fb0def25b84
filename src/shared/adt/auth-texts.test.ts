import { describe, expect, it } from 'vitest';
import { explainForbidden, SIGN_IN_AGAIN, signInAgainText } from './auth-texts';

describe('the 401 and 403 texts', () => {
  it('say the sign-in expired, what signing in again does, and that nothing is lost', () => {
    expect(SIGN_IN_AGAIN).toBe('Your sign-in has expired or was refused. Sign in again, then retry what failed; nothing you entered is lost.');
    expect(signInAgainText('run the query')).toBe('Your sign-in has expired or was refused. Sign in again to run the query.');
  });

  it('name the role a 403 needs: Data Reader to read (a query reads), Data Owner to write', () => {
    expect(explainForbidden('GET', 'https://x/models')).toMatch(/Data Reader/);
    expect(explainForbidden('POST', 'https://x/query')).toMatch(/Data Reader/);
    expect(explainForbidden('DELETE', 'https://x/digitaltwins/a')).toMatch(/Data Owner/);
    expect(explainForbidden('POST', 'https://x/jobs/imports/j')).toMatch(/Data Owner/);
  });
});
