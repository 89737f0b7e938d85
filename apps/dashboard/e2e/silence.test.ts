import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFreezableProxy, type FreezableProxy } from './freezableProxy.js';
import { launchChromium, openDesktopPage, screenshotter, startServer, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('silence');

describe('a link that goes silent is not shown as live', () => {
  let server: RunningServer;
  let proxy: FreezableProxy;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    proxy = await startFreezableProxy(server.url);
    browser = await launchChromium();
    page = await openDesktopPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  it('says "No data for 12 s — reconnecting", drops the green dot and the running pill, and recovers when data flows again', async () => {
    const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'xor' }) });
    const { editUrl } = (await res.json()) as { editUrl: string };
    await page.goto(new URL(new URL(editUrl, server.url).pathname + new URL(editUrl, server.url).hash, proxy.url).href);
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.getByTestId('play').click();
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();

    const dotColour = () => page.locator('[data-testid="connection-status"] .dot').evaluate((d) => getComputedStyle(d).backgroundColor);
    const GREEN = 'rgb(63, 185, 80)';
    expect(await dotColour()).toBe(GREEN);

    proxy.freeze();
    const silent = page.locator('[data-testid="connection-status"][data-status="silent"]');
    await silent.waitFor({ timeout: 25_000 });
    expect(await testIdText(page, 'connection-status')).toMatch(/^No data for 1[2-9] s — reconnecting$/);
    expect(await dotColour()).not.toBe(GREEN);
    expect(await testIdText(page, 'run-state')).toBe('no data');
    expect(await page.getByTestId('play').isDisabled()).toBe(true);
    await screenshot(page, 'no-data');

    proxy.thaw();
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor({ timeout: 40_000 });
    expect(await testIdText(page, 'connection-status')).toBe('Live');
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
  });
});
