import { test as base, expect, type ConsoleMessage } from '@playwright/test';

const allowedByTest = new Map<string, RegExp[]>();

/**
 * Every e2e test fails on a console error or an uncaught page error, so a broken screen cannot pass quietly.
 * A test that provokes an error on purpose (a 400 from a bad query, a 412 conflict) names it with
 * `allowConsoleError(/pattern/)`; everything else still fails the test.
 */
export const test = base.extend<{ consoleErrors: string[]; allowConsoleError: (pattern: RegExp) => void }>({
  // Playwright requires a destructuring pattern as the first argument, even when the fixture needs nothing.
  // eslint-disable-next-line no-empty-pattern
  allowConsoleError: async ({}, use, testInfo) => {
    const allowed: RegExp[] = [];
    allowedByTest.set(testInfo.testId, allowed);
    await use((pattern) => allowed.push(pattern));
    allowedByTest.delete(testInfo.testId);
  },
  consoleErrors: [
    async ({ page, allowConsoleError }, use, testInfo) => {
      void allowConsoleError; // set up first, so its list outlives this fixture's check
      const errors: string[] = [];
      page.on('console', (msg: ConsoleMessage) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      await use(errors);
      const allowed = allowedByTest.get(testInfo.testId) ?? [];
      expect(errors.filter((e) => !allowed.some((re) => re.test(e))), 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
