import { test as base, expect, type ConsoleMessage } from '@playwright/test';

/**
 * Every e2e test fails on a console error or an uncaught page error, so a broken screen cannot pass quietly.
 * Tests that expect an error message can read and clear `consoleErrors` themselves.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    const onConsole = (msg: ConsoleMessage) => {
      if (msg.type() === 'error') errors.push(msg.text());
    };
    page.on('console', onConsole);
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };
