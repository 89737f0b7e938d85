import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, readEpoch, screenshotter, startServer, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('lobby');

describe('lobby, sharing, keyboard and chart zoom', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let editUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a session from the dataset + network form with the chosen layers', async () => {
    await page.goto(server.url);
    await page.getByTestId('custom-mode').check();
    await page.getByTestId('custom-dataset').selectOption('circle');
    await page.getByTestId('custom-layers').fill('4, 3');
    await screenshot(page, 'lobby-custom-form');
    await page.getByTestId('new-session').click();
    await page.waitForURL(/\/s\/[^/#]+#edit=.+/);
    editUrl = page.url();
    await page.locator('[data-testid="network"][data-units="2,4,3,1"]').waitFor();
    expect(await page.getByTestId('hidden-layers').getAttribute('data-layers')).toBe('4,3');
  });

  it('space plays and pauses from the keyboard', async () => {
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.locator('body').press('Space');
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 150);
    await page.locator('body').press('Space');
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    expect(await readEpoch(page)).toBeGreaterThanOrEqual(150);
  });

  it('dragging across the loss chart zooms in and fetches that range at full resolution', async () => {
    const chart = page.getByTestId('loss-chart');
    const box = (await chart.locator('canvas').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => /:full:\d+$/.test(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-zoom') ?? ''));
    const [range, , count] = ((await chart.getAttribute('data-zoom')) ?? '').split(':');
    const [from, to] = range!.split('-').map(Number);
    expect(to! - from!).toBeLessThan(await readEpoch(page));
    expect(Number(count)).toBeGreaterThan(0);
    await screenshot(page, 'loss-chart-zoomed');
    await chart.locator('canvas').dblclick();
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-zoom') === '');
  });

  it('the share dialog offers an edit link and a view-only link', async () => {
    await page.getByTestId('share').click();
    const edit = await page.getByTestId('share-edit-url').inputValue();
    const view = await page.getByTestId('share-view-url').inputValue();
    expect(edit).toBe(editUrl);
    expect(view).toBe(editUrl.replace(/#.*$/, ''));
    await screenshot(page, 'share-dialog');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('the lobby lists the session with its state, epoch and viewer count', async () => {
    const epoch = await readEpoch(page);
    const watcher = await (await browser.newContext()).newPage();
    await watcher.goto(editUrl.replace(/#.*$/, ''));
    await watcher.locator('[data-role="viewer"]').waitFor();
    await page.getByRole('link', { name: 'liveprop' }).click();
    const id = new URL(editUrl).pathname.split('/').pop()!;
    const row = page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
    await row.waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.querySelectorAll('td')[3]?.textContent === '1', `[data-session-id="${id}"]`);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('paused');
    expect(Number(cells[2])).toBe(epoch);
    await screenshot(page, 'lobby-with-session');
    expect(await testIdText(watcher, 'viewer-count')).toBe('1');
  });
});
