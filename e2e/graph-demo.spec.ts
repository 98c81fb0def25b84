import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const ALL = `/?env=local&query=${encodeURIComponent('SELECT * FROM DIGITALTWINS')}`;

async function openGraph(page: Page, url = ALL) {
  await page.goto(url);
  await expect(page.getByTestId('graph-counts')).toHaveText(/^19 twins/);
  await expect(page.locator('.graph-view[data-drawn-nodes="19"]')).toBeVisible();
}

/** Width and height from a PNG's IHDR chunk: https://www.w3.org/TR/png/#11IHDR */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes an image in the page and counts pixels that differ from its top-left corner (the background). */
async function pixelStats(page: Page, bytes: Buffer, mime: string): Promise<{ width: number; height: number; distinct: number; colours: number }> {
  return page.evaluate(
    async ({ b64, mime }) => {
      const img = new Image();
      img.src = `data:${mime};base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no 2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let distinct = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) distinct++;
        if (i % 64 === 0) colours.add(((d[i] ?? 0) << 16) | ((d[i + 1] ?? 0) << 8) | (d[i + 2] ?? 0));
      }
      return { width: c.width, height: c.height, distinct, colours: colours.size };
    },
    { b64: bytes.toString('base64'), mime },
  );
}

/**
 * The graph toolbar stays one row: where the panel is narrow it folds the demo tools into a "Demo" menu and Centre
 * into "More". Opens that menu when the control is not on the toolbar itself.
 */
async function reveal(page: Page, target: Locator, menu: 'Demo' | 'More'): Promise<Locator> {
  if (!(await target.isVisible())) await page.getByRole('toolbar', { name: 'Graph' }).getByRole('button', { name: menu, exact: true }).click();
  return target;
}

async function exportPicture(page: Page, format: string) {
  await page.getByLabel('Picture format').selectOption({ label: format });
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export picture' }).click();
  const download = await downloading;
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** The colour of the canvas pixel at its centre, as the user sees it. */
async function centrePixel(page: Page): Promise<[number, number, number]> {
  const canvas = page.locator('.graph-canvas');
  const shot = await canvas.screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no 2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1).data;
    return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0] as [number, number, number];
  }, shot.toString('base64'));
}

function near(a: [number, number, number], hex: string, tolerance = 40): boolean {
  const n = parseInt(hex.slice(1), 16);
  const b = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);
}

test.describe('graph pictures, styling by data, presentation', () => {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    test(`exports PNG at 1× and 2× and SVG with the title, legend and twin labels at ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);
      await openGraph(page);
      await (await reveal(page, page.locator('.graph-menu > summary', { hasText: 'Picture' }), 'Demo')).click();
      await page.getByLabel('Picture title').fill('Sample building');
      await page.getByLabel('Picture area').selectOption('view');

      const one = await exportPicture(page, 'PNG 1×');
      expect(one.name).toMatch(/^sample-building-.*\.png$/);
      const oneSize = pngSize(one.bytes);
      const canvas = await page.locator('.graph-canvas').boundingBox();
      if (!canvas) throw new Error('no canvas');
      // The view at 1×, a legend column to its right and a title band above it.
      expect(oneSize.width).toBeGreaterThan(Math.round(canvas.width));
      expect(oneSize.height).toBeGreaterThan(Math.round(canvas.height));
      const stats = await pixelStats(page, one.bytes, 'image/png');
      expect(stats).toMatchObject(oneSize);
      expect(stats.distinct).toBeGreaterThan(2000);
      expect(stats.colours).toBeGreaterThan(5);
      await expect(page.getByTestId('picture-done')).toHaveText(`PNG ${oneSize.width} × ${oneSize.height}`);

      const two = await exportPicture(page, 'PNG 2×');
      const twoSize = pngSize(two.bytes);
      expect(Math.abs(twoSize.width - 2 * oneSize.width)).toBeLessThanOrEqual(4);
      expect(Math.abs(twoSize.height - 2 * oneSize.height)).toBeLessThanOrEqual(4);

      await page.getByLabel('Picture area').selectOption('full');
      const svg = await exportPicture(page, 'SVG');
      expect(svg.name).toMatch(/\.svg$/);
      const text = svg.bytes.toString('utf8');
      expect(text).toMatch(/^<\?xml/);
      expect(text).toContain('Sample building');
      for (const id of ['building-1', 'room-101', 'sensor-101']) expect(text).toContain(`>${id}<`);
      // Its legend names the models drawn.
      expect(text).toContain('>Models<');
      expect(text).toContain('>Room<');
      const svgStats = await pixelStats(page, svg.bytes, 'image/svg+xml');
      expect(svgStats.width).toBeGreaterThan(200);
      expect(svgStats.distinct).toBeGreaterThan(1000);
    });
  }

  test('colouring sensors by their value shows a legend, and a property update recolours the node within 2 s', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openGraph(page, `${ALL}&select=sensor-101`);
    const styleMenu = page.locator('.graph-menu > summary', { hasText: 'Style by data' });
    await (await reveal(page, styleMenu, 'Demo')).click();
    await page.getByLabel('Style model').selectOption({ label: 'Sensor' });
    await page.getByLabel('Colour by').selectOption('lastValue');
    await page.getByLabel('Colour scale minimum').fill('0');
    await page.getByLabel('Colour scale maximum').fill('100');
    await page.getByLabel('Colour scale maximum').blur();
    await page.getByLabel('Show value').selectOption('lastValue');
    await styleMenu.click();
    const legend = page.getByTestId('data-legend');
    await expect(legend).toContainText('Sensor · lastValue');
    await expect(legend).toContainText('0');
    await expect(legend).toContainText('100');

    // The linked selection is the sensor; centring on it puts its node under the canvas centre.
    await expect(page.getByRole('button', { name: 'Hide selected' })).toBeEnabled();
    await (await reveal(page, page.getByRole('button', { name: 'Centre on selection' }), 'More')).click();
    // sensor-101 reads 20.5 on a 0–100 scale: the dark blue end of viridis.
    await expect.poll(() => centrePixel(page).then((p) => near(p, '#3b528b', 60))).toBe(true);

    // A telemetry handler (in ADT, typically an Azure Function) writes the reading to the twin: a Twin.Update event.
    const res = await page.request.patch('/digitaltwins/sensor-101?api-version=2023-10-31', {
      headers: { 'content-type': 'application/json-patch+json' },
      data: [{ op: 'replace', path: '/lastValue', value: 98 }],
    });
    expect(res.status()).toBe(204);
    const patched = Date.now();
    await expect.poll(() => centrePixel(page).then((p) => near(p, '#fde725', 60)), { timeout: 2000, intervals: [100] }).toBe(true);
    expect(Date.now() - patched).toBeLessThan(2000);

    // The styling is saved for the environment: it is there after a reload.
    await openGraph(page);
    await expect(page.getByTestId('data-legend')).toContainText('Sensor · lastValue');
  });

  test('presentation mode covers the window with the legend and leaves on Esc; the view link carries the view', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openGraph(page);
    const styleMenu = page.locator('.graph-menu > summary', { hasText: 'Style by data' });
    await (await reveal(page, styleMenu, 'Demo')).click();
    await page.getByLabel('Style model').selectOption({ label: 'Room' });
    await page.getByLabel('Colour by').selectOption('roomType');
    await styleMenu.click();
    await page.getByLabel('Filter twins by value').fill("IS_OF_MODEL('dtmi:twinscope:sample:Room;1') AND area > 30");
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('graph-filter-count')).toHaveText('3 matching');

    await (await reveal(page, page.getByRole('button', { name: 'Present' }), 'Demo')).click();
    const view = page.locator('.graph-view');
    await expect(view).toHaveAttribute('data-presenting', 'true');
    await expect(page.getByRole('toolbar', { name: 'Graph' })).toBeHidden();
    await expect(page.getByTestId('data-legend')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Leave presentation (Esc)' })).toBeVisible();
    const box = await page.locator('.graph-canvas').boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(1270);
    expect(box?.height).toBeGreaterThanOrEqual(600);
    await page.keyboard.press('Escape');
    await expect(view).toHaveAttribute('data-presenting', 'false');
    await expect(page.getByRole('toolbar', { name: 'Graph' })).toBeVisible();

    await (await reveal(page, page.locator('.graph-menu > summary', { hasText: 'Share view' }), 'Demo')).click();
    const link = await page.getByLabel('View link').inputValue();
    const params = new URL(link).searchParams;
    expect(params.get('query')).toBe('SELECT * FROM DIGITALTWINS');
    expect(params.get('filter')).toBe("IS_OF_MODEL('dtmi:twinscope:sample:Room;1') AND area > 30");
    expect(JSON.parse(params.get('style') ?? '{}')).toEqual({ 'dtmi:twinscope:sample:Room;1': { colorBy: 'roomType' } });

    // Opened in a fresh page (no saved styling), the link shows the same view.
    await page.evaluate(() => localStorage.removeItem('twinscope.graph-view'));
    await openGraph(page, new URL(link).pathname + new URL(link).search);
    await expect(page.getByTestId('data-legend')).toContainText('Room · roomType');
    await expect(page.getByTestId('graph-filter-count')).toHaveText('3 matching');
    await expect(page.getByLabel('Filter twins by value')).toHaveValue("IS_OF_MODEL('dtmi:twinscope:sample:Room;1') AND area > 30");
  });
});
