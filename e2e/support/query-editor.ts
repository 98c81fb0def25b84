import { expect, type Locator, type Page } from '@playwright/test';

/** Replaces a Monaco editor's text (as a paste, so auto-closing quotes and brackets do not interfere). */
export async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Replaces the query editor's text; with `run`, runs it. */
export async function typeQuery(page: Page, query: string, run = false): Promise<void> {
  await replaceEditorText(page, page.locator('[data-region="query"] .monaco-editor'), query);
  if (run) await page.keyboard.press('ControlOrMeta+Enter');
}
