import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { desktopSuite, readEpoch, screenshotter } from './harness.js';

const screenshot = screenshotter('fork');

/** Reads the loss chart's overlay labels and point counts from its data- attributes. */
async function overlays(page: Page): Promise<{ labels: string[]; points: number[] }> {
  const chart = page.getByTestId('loss-chart');
  const labels = (await chart.getAttribute('data-overlays')) ?? '';
  const points = (await chart.getAttribute('data-overlay-points')) ?? '';
  return { labels: labels === '' ? [] : labels.split('|'), points: points === '' ? [] : points.split('|').map(Number) };
}

describe('forking a session and comparing it live', () => {
  const suite = desktopSuite();

  it('forks a running session, raises the fork\'s learning rate, and overlays the parent curve on the fork\'s loss chart', async () => {
    const { page, server } = suite;
    const requested: string[] = [];
    page.on('request', (req) => requested.push(new URL(req.url()).pathname + new URL(req.url()).search));
    await page.goto(server.url);
    await page.getByTestId('preset').selectOption('spiral');
    await page.getByTestId('new-session').click();
    await page.waitForURL(/\/s\/[^/#]+#edit=.+/);
    const parentUrl = page.url();
    await page.locator('[data-role="editor"]').waitFor();
    await page.getByTestId('play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 50);
    expect((await overlays(page)).labels).toEqual([]);

    await page.getByTestId('fork').click();
    await page.waitForURL((url) => url.href !== parentUrl && /\/s\/[^/#]+#edit=.+/.test(url.href));
    await page.locator('[data-role="editor"][data-status="paused"]').waitFor();
    const forkEpoch = await readEpoch(page);
    const forkId = new URL(page.url()).pathname.split('/').at(-1)!;
    expect(forkEpoch).toBeGreaterThanOrEqual(50);
    // The fork is titled with its own name, not the parent's.
    expect(await page.getByTestId('session-name').textContent()).toMatch(/^spiral \(fork @\d+\)$/);

    const input = page.getByTestId('learning-rate');
    await input.fill('0.3');
    await input.press('Enter');
    await page.locator('[data-testid="activity"] [data-what="learningRate"]').waitFor();
    await page.getByTestId('play').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= n + 100, forkEpoch);

    // The parent keeps training, so its polled curve grows past the fork epoch.
    await page.waitForFunction((n) => {
      const chart = document.querySelector('[data-testid="loss-chart"]');
      return chart?.getAttribute('data-overlays')?.startsWith('parent @ epoch') && Number(chart.getAttribute('data-overlay-points')) > n;
    }, forkEpoch, { timeout: 20_000 });
    const shown = await overlays(page);
    expect(shown.labels).toEqual([`parent @ epoch ${forkEpoch}`]);
    expect(shown.points[0]).toBeGreaterThan(forkEpoch);
    expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(forkEpoch);
    await screenshot(page, 'fork-with-parent-overlay');
    // The overlay asks for a downsampled series about the chart's width, never the whole CSV ([R23]).
    expect(requested.filter((u) => u.includes('/metrics.csv'))).toEqual([]);
    expect(requested.some((u) => /^\/api\/sessions\/[^/]+\/metrics\.json\?points=\d+$/.test(u))).toBe(true);

    await page.getByTestId('pause').click();
    await page.locator('[data-role="editor"][data-status="paused"]').waitFor();

    await page.goBack();
    await page.locator('[data-role="editor"]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-overlays')?.includes('(fork @'));
    await page.locator('[data-testid="activity"] [data-what="fork"]').waitFor();
    const back = await overlays(page);
    expect(back.labels).toEqual([expect.stringMatching(/^spiral \(fork @\d+\)$/)]);
    expect(back.points[0]).toBeGreaterThan(0);
    await screenshot(page, 'parent-with-fork-overlay');

    // The paused fork's epoch no longer moves: later polls read the list but do not refetch its curve.
    const forkCurve = `/api/sessions/${forkId}/metrics.json`;
    const fetchedBefore = requested.filter((u) => u.startsWith(forkCurve)).length;
    expect(fetchedBefore).toBeGreaterThan(0);
    for (let poll = 0; poll < 2; poll++) await page.waitForResponse((res) => new URL(res.url()).pathname === '/api/sessions', { timeout: 10_000 });
    expect(requested.filter((u) => u.startsWith(forkCurve)).length).toBe(fetchedBefore);
  });
});
