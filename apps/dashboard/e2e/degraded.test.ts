import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server's own cluster harness: real redis-server and PostgreSQL, `liveprop serve` processes serving this build.
import { ClusterHarness, type NodeProcess } from '../../server/src/testing/clusterHarness.js';
import { launchChromium, openDesktopPage, screenshotter } from './harness.js';

const screenshot = screenshotter('degraded');

describe('a cluster node that lost Redis says so', () => {
  let cluster: ClusterHarness;
  let node: NodeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    cluster = await ClusterHarness.start();
    node = await cluster.node();
    browser = await launchChromium();
    page = await openDesktopPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
  }, 60_000);

  it('[R40] shows the degraded banner while the node has no Redis, keeps the page connected, and clears it when Redis is back', async () => {
    const { id, editToken } = await cluster.createSession(node);
    await page.goto(`${node.url}/s/${id}#edit=${editToken}`);
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.getByTestId('play').click();
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
    expect(await page.getByTestId('degraded-banner').count()).toBe(0);

    await cluster.redis.stop();
    const banner = page.getByTestId('degraded-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('This server lost its connection to the rest of the cluster (Redis).');
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
    await screenshot(page, 'banner');

    await cluster.redis.start();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    // The node took its lease back and trains on: epochs keep coming to the page.
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'recovered');
  }, 120_000);
});
