import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
// The server's own cluster harness: real redis-server and PostgreSQL, `liveprop serve` processes serving this build.
import { ClusterHarness, type NodeProcess } from '../../server/src/testing/clusterHarness.js';
import { launchChromium, openDesktopPage } from './harness.js';

/** What a browser suite on a cluster drives: Redis, PostgreSQL, its nodes, Chromium and one 1280×800 page. */
export interface ClusterDesktopSuite {
  cluster: ClusterHarness;
  nodes: NodeProcess[];
  browser: Browser;
  page: Page;
}

/**
 * Starts a cluster with one node per entry of `nodeEnvs` (each adds to the node's variables), Chromium and a desktop
 * page before the suite's tests and closes them after; read it inside tests.
 */
export function clusterDesktopSuite(nodeEnvs: NodeJS.ProcessEnv[]): ClusterDesktopSuite {
  const suite = {} as ClusterDesktopSuite;
  beforeAll(async () => {
    suite.cluster = await ClusterHarness.start();
    suite.nodes = await Promise.all(nodeEnvs.map((env) => suite.cluster.node(env)));
    suite.browser = await launchChromium();
    suite.page = await openDesktopPage(suite.browser);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.cluster?.close();
  }, 60_000);
  return suite;
}

/** Creates an xor session on `node`, opens its edit page, presses Play and waits until it runs; answers the session. */
export async function playNewSession(suite: ClusterDesktopSuite, node: NodeProcess): Promise<{ id: string; editToken: string }> {
  const session = await suite.cluster.createSession(node);
  await suite.page.goto(`${node.url}/s/${session.id}#edit=${session.editToken}`);
  await suite.page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
  await suite.page.getByTestId('play').click();
  await suite.page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
  return session;
}
