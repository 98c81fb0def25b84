import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { replaceEditorText } from './support/query-editor';

// The DTDL editor opened from the models workspace, and its completions. Reads the shared emulator only.
const ROOM = 'dtmi:twinscope:sample:Room;1';

async function openWorkspaceOn(page: Page, id: string) {
  await page.goto('/');
  await expect(page.getByTestId('models-summary')).toBeVisible();
  await page.locator(`[role="treeitem"][data-model-id="${id}"]`).first().click();
  await page.getByRole('group', { name: 'Selected model' }).getByRole('button', { name: 'Details' }).click();
  return page.getByRole('dialog', { name: 'Models workspace' });
}

async function suggestions(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.suggest-widget .monaco-list-row');
  await expect(rows.first()).toBeVisible();
  // The widget renders only the rows in view; labels are enough for these short lists.
  return rows.evaluateAll((els) => els.map((e) => e.querySelector('.label-name')?.textContent ?? '').filter(Boolean));
}

test('the DTDL editor tab shows the selected model, and follows the selection until the author types', async ({ page }) => {
  const dialog = await openWorkspaceOn(page, ROOM);
  await dialog.getByRole('tab', { name: 'DTDL editor' }).click();
  const editor = dialog.getByTestId('dtdl-editor');
  await expect(editor.locator('.view-lines')).toContainText(ROOM.replace(/ /g, '\u00a0'));
  await expect(editor.locator('.view-lines')).not.toContainText('dtmi:com:example');
  // "New model" still starts from a template.
  await dialog.getByRole('button', { name: 'Close models workspace' }).click();
  await page.getByRole('button', { name: 'New model' }).click();
  await expect(editor.locator('.view-lines')).toContainText('dtmi:com:example');
  // Typed text is never replaced: the editor offers to open the selected model instead.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(' ');
  await dialog.getByRole('tab', { name: 'Details' }).click();
  await dialog.getByRole('tab', { name: 'DTDL editor' }).click();
  await expect(editor.locator('.view-lines')).toContainText('dtmi:com:example');
  await dialog.getByRole('button', { name: 'Edit Room' }).click();
  await expect(editor.locator('.view-lines')).toContainText(ROOM);
});

test('completions inside contents: each @type once, only content classes; a Property offers only its own keys', async ({ page }) => {
  const dialog = await openWorkspaceOn(page, ROOM);
  await dialog.getByRole('tab', { name: 'DTDL editor' }).click();
  const editor = dialog.getByTestId('dtdl-editor').locator('.monaco-editor');
  await replaceEditorText(page, editor, [
    '{',
    '"@context": "dtmi:dtdl:context;3", "@id": "dtmi:e2e:ed:Thing;1", "@type": "Interface",',
    '"contents": [',
    '{ "@type": "Relationship", "name": "next", "target": "dtmi:e2e:ed:Thing;1", "properties": [] },',
    '{ "@type": "Property", "name": "mode", "schema": "dtmi:e2e:ed:Mode;1" },',
    '{ "@type": "", "name": "x" }',
    '],',
    '"schemas": [{ "@id": "dtmi:e2e:ed:Mode;1", "@type": "Enum", "valueSchema": "string", "enumValues": [] }]',
    '}',
  ].join('\n'));
  // The cursor into the empty "@type" of the third content.
  const line = page.locator('.view-line', { hasText: '"@type": "", "name": "x"' });
  const typeValue = line.locator('span span', { hasText: /^""$/ });
  await typeValue.click();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  const types = await suggestions(page);
  expect(types).toEqual([...new Set(types)]);
  expect(types).toEqual(expect.arrayContaining(['Property', 'Telemetry', 'Relationship', 'Component']));
  expect(types).not.toContain('Enum');
  expect(types).not.toContain('Interface');
  await page.keyboard.press('Escape');
  // The same for a value typed fresh: "@type": then the completion list.
  const lastLine = page.locator('.view-line', { hasText: '"@type": "", "name": "x"' });
  await lastLine.locator('span span', { hasText: /^"x"$/ }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.insertText(', "@type": ');
  const fresh = await suggestions(page);
  expect(fresh).toEqual([...new Set(fresh)]);
  expect(fresh).not.toContain('Enum');
  expect(fresh).not.toContain('Interface');
  await page.keyboard.press('Escape');

  // A new key in the Property: no relationship keys.
  const propLine = page.locator('.view-line', { hasText: '"name": "mode"' });
  await propLine.locator('span span', { hasText: /^"mode"$/ }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.insertText(', "');
  const keys = await suggestions(page);
  expect(keys).toEqual(expect.arrayContaining(['writable']));
  expect(keys).not.toContain('properties');
  expect(keys).not.toContain('target');
  expect(keys).toEqual([...new Set(keys)]);
});
