import { test, expect } from './fixtures';

test.describe('graph explorer', () => {
  test('selecting a twin on the canvas and expanding its outgoing neighbourhood', async ({ page }) => {
    const query = "SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'building-1'";
    await page.goto(`/?env=local&query=${encodeURIComponent(query)}`);
    await expect(page.getByTestId('graph-counts')).toHaveText('1 twin · 0 relationships');
    // One node, fitted in the canvas beside the legend: click where it is drawn.
    const canvas = page.locator('.graph-canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await expect(async () => {
      const at = (await page.evaluate(`document.querySelector('.graph-canvas')._cyreg.cy.getElementById('building-1').renderedPosition()`)) as { x: number; y: number };
      await page.mouse.click(box.x + at.x, box.y + at.y);
      await expect(page.getByRole('button', { name: 'Expand', exact: true })).toBeEnabled({ timeout: 500 });
    }).toPass();
    await page.getByRole('button', { name: 'Expand options' }).click();
    await page.getByLabel('Expand direction').selectOption('out');
    await page.getByRole('button', { name: 'Expand', exact: true }).click();
    // building-1 has three floors.
    await expect(page.getByTestId('graph-counts')).toHaveText('4 twins · 3 relationships');
    await page.getByRole('button', { name: 'Expand options' }).click();
    await page.getByLabel('Expand levels').fill('2');
    await page.getByRole('button', { name: 'Expand', exact: true }).click();
    // Two levels out from the building: floors, then per floor one HVAC and two rooms.
    await expect(page.getByTestId('graph-counts')).toHaveText('13 twins · 12 relationships');
  });

  test('filter and highlight by property value, then hide and show', async ({ page }) => {
    await page.goto(`/?env=local&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`);
    await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins/);
    await page.getByLabel('Filter twins by value').fill("IS_OF_MODEL('dtmi:twinscope:sample:Room;1') AND area > 30");
    await page.getByRole('button', { name: 'Apply' }).click();
    // Rooms have area 24 + r*6: r=2 gives 36 (> 30), one per floor.
    await expect(page.getByTestId('graph-filter-count')).toHaveText('3 matching');
    await page.getByLabel('Filter mode').selectOption('filter');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('button', { name: 'Show all' })).toBeEnabled();
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect(page.getByRole('button', { name: 'Show all' })).toBeDisabled();
    await page.getByLabel('Filter twins by value').fill('area >');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('graph-filter-error')).toBeVisible();
    await expect(page.getByLabel('Filter twins by value')).toHaveValue('area >');
  });
});
