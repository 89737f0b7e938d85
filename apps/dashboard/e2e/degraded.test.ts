import { describe, expect, it } from 'vitest';
import { clusterDesktopSuite, playNewSession } from './clusterSuite.js';
import { screenshotter } from './harness.js';

const screenshot = screenshotter('degraded');

describe('a cluster node that lost Redis says so', () => {
  const suite = clusterDesktopSuite([{}]);

  it('[R40] shows the degraded banner while the node has no Redis, keeps the page connected, and clears it when Redis is back', async () => {
    const { cluster, nodes, page } = suite;
    await playNewSession(suite, nodes[0]!);
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
