import { sessionListSchema, type SessionSummary } from '@liveprop/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ownedBy, useCluster, type NodeProcess } from '../testing/clusterHarness.js';
import { TestClient } from '../testing/testClient.js';

interface Page {
  total: number;
  ids: string[];
  rows: SessionSummary[];
}

async function lobby(node: NodeProcess, params: string): Promise<Page> {
  const res = await fetch(`${node.url}/api/sessions?${params}`);
  if (res.status !== 200) throw new Error(`expected 200 from GET /api/sessions?${params}, got ${res.status}: ${await res.text()}`);
  const rows = sessionListSchema.parse(await res.json());
  return { total: Number(res.headers.get('x-total-count')), ids: rows.map((r) => r.id), rows };
}

const cluster = useCluster(2);

describe('cluster mode: the lobby answers as on one node ([R39], [R38])', () => {
  it('pages, searches, filters and lists a family through either node, with viewers counted on every node', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    const made: { id: string; editToken: string }[] = [];
    // Created alternately, so each node trains every other one.
    for (let i = 0; i < 8; i++) made.push(await cluster.h.createSession(i % 2 === 0 ? a : b, { preset: 'xor', name: `Lobby ${i}` }));
    const onA = made[0]!;
    const onB = made[1]!;
    const forked = await fetch(`${a.url}/api/sessions/${onB.id}/fork`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${onB.editToken}` }, body: JSON.stringify({ name: 'Fork of one' }),
    });
    expect(forked.status).toBe(201);
    const fork = ((await forked.json()) as { id: string }).id;
    expect([await ownedBy(a), await ownedBy(b)]).toEqual([4, 5]);

    const editor = await TestClient.joined(b.url, onB.id, onB.editToken, 'Ed');
    editor.send({ type: 'control', command: { action: 'play' } });
    await editor.next((m) => m.type === 'status' && m.status === 'running');
    const viewer = await TestClient.joined(b.url, onA.id, undefined, 'Vi');

    const everyId = new Set([...made.map((s) => s.id), fork]);
    for (const node of [a, b]) {
      const all = await lobby(node, 'limit=1000');
      expect(all.total).toBe(9);
      expect(new Set(all.ids)).toEqual(everyId);
      const created = all.rows.map((r) => r.createdAt);
      expect(created).toEqual([...created].sort((x, y) => y - x));

      const pages = [await lobby(node, 'offset=0&limit=4'), await lobby(node, 'offset=4&limit=4'), await lobby(node, 'offset=8&limit=4')];
      expect(pages.map((p) => [p.total, p.ids.length])).toEqual([[9, 4], [9, 4], [9, 1]]);
      expect(pages.flatMap((p) => p.ids)).toEqual(all.ids);
      expect(await lobby(node, 'offset=12&limit=4')).toEqual({ total: 9, ids: [], rows: [] });

      // A viewer on B is counted in the row of a session A trains, and the editor on B in the row of one B trains.
      await vi.waitFor(
        async () => {
          const rows = (await lobby(node, '')).rows;
          expect(rows.find((r) => r.id === onA.id)).toMatchObject({ viewers: 1, status: 'paused' });
          expect(rows.find((r) => r.id === onB.id)).toMatchObject({ viewers: 1, status: 'running' });
          expect(rows.filter((r) => r.viewers > 0)).toHaveLength(2);
        },
        { timeout: 10_000, interval: 200 },
      );

      const search = await lobby(node, 'q=LOBBY%203');
      expect([search.total, search.ids]).toEqual([1, [made[3]!.id]]);
      const searchPage = await lobby(node, 'q=lobby&offset=2&limit=3');
      expect([searchPage.total, searchPage.ids]).toEqual([8, all.ids.filter((id) => id !== fork).slice(2, 5)]);

      expect((await lobby(node, `q=${made[5]!.id}`)).ids).toEqual([made[5]!.id]);

      const running = await lobby(node, 'status=running');
      expect([running.total, running.ids]).toEqual([1, [onB.id]]);
      expect((await lobby(node, 'status=paused&limit=2')).total).toBe(8);

      const family = await lobby(node, `related=${onB.id}`);
      expect([family.total, new Set(family.ids)]).toEqual([2, new Set([onB.id, fork])]);
      expect(family.rows.find((r) => r.id === fork)).toMatchObject({ parentId: onB.id });
    }
    editor.close();
    viewer.close();
  }, 60_000);
});
