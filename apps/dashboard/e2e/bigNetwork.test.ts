import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { SCREENSHOT_DIR, desktopSuite, screenshotter } from './harness.js';

const screenshot = screenshotter('wide-network');

const suite = desktopSuite();

/** The spiral preset (7 features of 2-D points) with both hidden layers 256 wide: 7-256-256-1. */
function wideSpiral(): ExperimentConfig {
  const config = structuredClone(getPreset('spiral')!);
  config.network.layers = config.network.layers.map((layer, l, all) => (l < all.length - 1 ? { ...layer, units: 256 } : layer));
  return config;
}

/** Canvas pixels with any colour: a thumbnail that was drawn has many, a cleared one none. */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

describe('a network wider than the snapshot window', () => {
  it('[R11] draws true column sizes with "+N" and thumbnails, and a neuron dialog with its windowed weights', async () => {
    const { page, server } = suite;
    const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: wideSpiral() }) });
    expect(res.status).toBe(201);
    const { editUrl } = (await res.json()) as { editUrl: string };
    await page.goto(editUrl);
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    const network = page.locator('[data-testid="network"][data-units="7,256,256,1"]');
    await network.waitFor();
    await page.getByTestId('step').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 1);

    expect(await network.locator('button.node').count()).toBe(7 + 12 + 12 + 1);
    expect(await network.locator('.more').allTextContents()).toEqual(['+244', '+244']);
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[aria-label="hidden 2 neuron 12: show large"] canvas');
      return canvas !== null && canvas.width > 0;
    });
    expect(await paintedPixels(page, '[aria-label="hidden 2 neuron 12: show large"] canvas')).toBeGreaterThan(0);
    await network.screenshot({ path: join(SCREENSHOT_DIR, 'big-network-diagram.png') });

    await page.getByRole('button', { name: 'hidden 2 neuron 3: show large' }).click();
    const dialog = page.getByRole('dialog', { name: 'hidden 2 neuron 3' });
    await dialog.waitFor();
    const incoming = await dialog.getByTestId('neuron-incoming').textContent();
    expect(incoming).toMatch(/Incoming weights \(first 16 of 256\):\s+-?\d/);
    expect(await dialog.textContent()).toMatch(/bias -?\d/);
    expect(await dialog.getByTestId('neuron-no-thumbnail').count()).toBe(0);
    expect(await dialog.getByTestId('neuron-outside-window').count()).toBe(0);
    expect(await paintedPixels(page, 'dialog canvas')).toBeGreaterThan(0);
    await screenshot(page, 'neuron-dialog');
    await dialog.screenshot({ path: join(SCREENSHOT_DIR, 'big-network-dialog.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
