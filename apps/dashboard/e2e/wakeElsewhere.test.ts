import { describe, expect, it, vi } from 'vitest';
// The server's own test client and cluster node type: `liveprop serve` processes on real Redis and PostgreSQL.
import type { NodeProcess } from '../../server/src/testing/clusterHarness.js';
import { TestClient } from '../../server/src/testing/testClient.js';
import { clusterDesktopSuite, playNewSession } from './clusterSuite.js';
import { readEpoch, screenshotter } from './harness.js';

const screenshot = screenshotter('wake-elsewhere');

/** One worker per node, and an idle session hibernates after a second. */
const ONE_WORKER = { LIVEPROP_MAX_WORKERS: '1', LIVEPROP_HIBERNATE_AFTER: '1' };

async function health(node: NodeProcess): Promise<{ workers: number; cluster: { owned: number } }> {
  return (await (await fetch(`${node.url}/healthz`)).json()) as { workers: number; cluster: { owned: number } };
}

describe('a hibernated session on a full cluster node', () => {
  const suite = clusterDesktopSuite([ONE_WORKER, ONE_WORKER]);

  it('Play trains it on the node with a free worker; the page stays connected and keeps showing epochs, without a reload', async () => {
    const { cluster, nodes, page } = suite;
    const [full, roomy] = nodes as [NodeProcess, NodeProcess];
    await playNewSession(suite, full);
    await page.getByTestId('pause').click();
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    await vi.waitFor(async () => expect((await health(full)).workers).toBe(0), { timeout: 15_000, interval: 200 });
    const filler = await cluster.createSession(full);
    const fillerEditor = await TestClient.joined(full.url, filler.id, filler.editToken);
    fillerEditor.send({ type: 'control', command: { action: 'play' } });
    await fillerEditor.next((m) => m.type === 'metrics', 20_000);
    expect(await health(full)).toMatchObject({ workers: 1, cluster: { owned: 2 } });
    const pausedAt = await readEpoch(page);
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));

    await page.getByTestId('play').click();
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor({ timeout: 30_000 });
    await vi.waitFor(async () => expect(await readEpoch(page)).toBeGreaterThan(pausedAt + 50), { timeout: 20_000, interval: 200 });
    expect([(await health(full)).cluster.owned, (await health(roomy)).cluster.owned]).toEqual([1, 1]);
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
    expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('open');
    await screenshot(page, 'training-on-another-node');
    fillerEditor.close();
  }, 120_000);
});
