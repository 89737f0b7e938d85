import { describe, expect, it } from 'vitest';
import { createSession, desktopSuite, editorSocket, screenshotter, type RunningServer } from './harness.js';

const screenshot = screenshotter('fork-family');
/** Sessions made after the fork: its parent falls out of the newest 100 the lobby answers by default. */
const LATER = 110;
const FORK_AT = 30;

/** Polls the session's `metrics.json` until its last epoch is `epoch` (metrics frames are binary; this reads JSON). */
async function lastEpochReaches(server: RunningServer, id: string, epoch: number): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    const metrics = (await (await fetch(`${server.url}/api/sessions/${id}/metrics.json?points=10`)).json()) as { lastEpoch: number };
    if (metrics.lastEpoch >= epoch) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`session ${id} did not reach epoch ${epoch}`);
}

describe(`a fork whose parent is older than the newest 100 of ${LATER + 2} sessions`, () => {
  let parentId = '';
  let fork = { id: '', viewUrl: '', forkEpoch: -1 };
  // One worker: the parent trains to epoch 30 and is forked there, then trains on slowly and keeps the worker, so
  // the later sessions are created hibernated, straight into the store.
  const suite = desktopSuite({
    maxWorkers: 1,
    async setup(server) {
      const parent = await createSession(server, { preset: 'xor', name: 'ancient parent' });
      parentId = parent.id;
      const trainer = await editorSocket(server, parent.id, parent.editToken);
      for (let i = 0; i < FORK_AT; i++) trainer.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
      await lastEpochReaches(server, parent.id, FORK_AT);
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${parent.editToken}` };
      const res = await fetch(`${server.url}/api/sessions/${parent.id}/fork`, { method: 'POST', headers, body: JSON.stringify({ name: 'ancient fork' }) });
      expect(res.status).toBe(201);
      fork = (await res.json()) as typeof fork;
      trainer.send({ type: 'speed', epochsPerSecond: 4 });
      trainer.send({ type: 'control', command: { action: 'play' } });
      await trainer.until(/"type":"status".*"status":"running"/);
      for (let i = 0; i < LATER; i++) await createSession(server, { preset: 'xor', name: `lesson ${i}` });
      return () => trainer.close();
    },
  });

  it('overlays "parent @ epoch N" on the fork\'s loss chart, from the lobby rows of its family', async () => {
    const { page, server } = suite;
    const newest = (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string }[];
    expect(newest.map((s) => s.id)).not.toContain(parentId);
    const asked: string[] = [];
    page.on('request', (req) => asked.push(new URL(req.url()).pathname + new URL(req.url()).search));

    await page.goto(fork.viewUrl);
    await page.locator('[data-role="viewer"]').waitFor();
    // The parent trains on, so its polled curve runs past the fork epoch.
    await page.waitForFunction((n) => {
      const chart = document.querySelector('[data-testid="loss-chart"]');
      return chart?.getAttribute('data-overlays')?.startsWith('parent @ epoch') && Number(chart.getAttribute('data-overlay-points')) > n;
    }, FORK_AT, { timeout: 20_000 });
    expect(await page.getByTestId('loss-chart').getAttribute('data-overlays')).toBe(`parent @ epoch ${fork.forkEpoch}`);
    expect(fork.forkEpoch).toBe(FORK_AT);
    expect(asked).toContain(`/api/sessions?related=${fork.id}&limit=1000`);
    await screenshot(page, 'fork-with-old-parent-overlay');
  });
});
