import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSnapshot } from '@liveprop/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/openStore.js';
import { unwrap } from '../testing/storeResults.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer } from '../testing/testServer.js';

const work = mkdtempSync(join(tmpdir(), 'liveprop-snapshot-epoch-label-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Polls until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the snapshot stored with a running session\'s checkpoint', () => {
  it('[R39] is labelled with the epoch it shows, not the checkpoint\'s, so a joiner after a restart gets one of the checkpoint\'s epoch', async () => {
    const dataDir = join(work, 'running');
    // Snapshots a minute apart: the only one while it trains is epoch 0's, far behind the checkpoint at shutdown.
    const first = await startTestServer({ dataDir, worker: { tickMs: 60_000 } });
    const s = await first.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(first.url, s.id, s.editToken);
    await until(() => editor.rawSnapshots.length > 0, 'the first snapshot arrives');
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'running');
    const session = first.registry.get(s.id)!;
    await until(() => session.epoch > 0, 'it trains');
    editor.close();
    await first.close();

    const store = unwrap(openStore(dataDir));
    const checkpoint = unwrap(await store.loadLatestCheckpoint(s.id))!;
    const stored = unwrap(await store.loadSnapshot(s.id))!;
    unwrap(await store.close());
    const shown = decodeSnapshot(stored.data);
    if (!shown.ok) throw new Error(shown.message);
    expect(checkpoint.epoch).toBeGreaterThan(shown.value.snapshot.epoch);
    expect(stored.epoch).toBe(shown.value.snapshot.epoch);

    const restarted = await startTestServer({ dataDir, hibernateAfterMs: 600_000 });
    const viewer = await TestClient.joined(restarted.url, s.id);
    const joined = await viewer.next((m) => m.type === 'snapshot');
    expect(joined.type === 'snapshot' && joined.snapshot.epoch).toBe(checkpoint.epoch);
    viewer.close();
    await restarted.close();
  }, 60_000);
});
