import { expect, type Page } from '@playwright/test';

/** Replaces the query editor's text (as a paste, so auto-closing quotes do not interfere); with `run`, runs it. */
export async function typeQuery(page: Page, query: string, run = false): Promise<void> {
  const editor = page.locator('[data-region="query"] .monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  if (run) await page.keyboard.press('ControlOrMeta+Enter');
}
