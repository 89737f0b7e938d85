import { describe, expect, it } from 'vitest';
import type { NodeProcess } from '../../server/src/testing/clusterHarness.js';
import { clusterDesktopSuite } from './clusterSuite.js';
import { screenshotter, testIdText } from './harness.js';

const screenshot = screenshotter('cluster-lobby');
/** More than a page of 50, created on two nodes alternately. */
const SESSIONS = 64;

describe(`the lobby of a two-node cluster with ${SESSIONS} sessions`, () => {
  const suite = clusterDesktopSuite([{}, {}]);

  it('pages and searches every stored session from either node, as a single node does', async () => {
    const { cluster, nodes, page } = suite;
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const node = i % 2 === 0 ? a : b;
      ids.push((await cluster.createSession(node, { preset: 'xor', name: i === 0 ? 'first lesson' : `lesson ${i}` })).id);
    }
    const rowIds = () => page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));

    await page.goto(b.url);
    await page.getByTestId('session-row').first().waitFor();
    expect(await testIdText(page, 'session-count')).toBe(`${SESSIONS} sessions`);
    expect(await testIdText(page, 'page-info')).toBe(`page 1 of 2 · 1–50 of ${SESSIONS}`);
    const firstPage = await rowIds();
    expect(firstPage).toHaveLength(50);
    // Newest first: the last one created (on node b) leads, sessions of node a are on the page too.
    expect(firstPage[0]).toBe(ids.at(-1));
    expect(firstPage).toContain(ids.at(-2));
    await screenshot(page, 'first-page');

    await page.getByTestId('page-next').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="page-range"]')?.textContent === `51–${n} of ${n}`, SESSIONS);
    const secondPage = await rowIds();
    expect(secondPage).toHaveLength(SESSIONS - 50);
    expect(new Set([...firstPage, ...secondPage])).toEqual(new Set(ids));

    await page.getByTestId('session-search').fill('first lesson');
    await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '1 found');
    expect(await page.getByTestId('session-row').first().getAttribute('data-session-id')).toBe(ids[0]);
    await screenshot(page, 'found-by-name');
  });
});
