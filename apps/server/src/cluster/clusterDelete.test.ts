import { describe, expect, it } from 'vitest';
import { useCluster, type NodeProcess } from '../testing/clusterHarness.js';
import { TestClient } from '../testing/testClient.js';

const cluster = useCluster(3);

describe('cluster mode: deleting a session', () => {
  it('[R21] a delete through any node tells every participant on every node unknown_session and closes them with 4004', async () => {
    const [a, b, c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const s = await cluster.h.createSession(a);
    const clients = [
      await TestClient.joined(a.url, s.id, s.editToken, 'owner side'),
      await TestClient.joined(b.url, s.id, undefined, 'on b'),
      await TestClient.joined(c.url, s.id, s.editToken, 'on c'),
    ];
    clients[0]!.send({ type: 'control', command: { action: 'play' } });
    for (const cl of clients) await cl.next((m) => m.type === 'metrics' && m.columns.epoch.length > 0, 15_000);

    const res = await fetch(`${c.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.editToken}` } });
    expect(res.status).toBe(204);
    // At once: the owner let the session go, and no node may bring it back from the store.
    const late = await TestClient.connect(b.url);
    late.send({ type: 'hello', protocol: 1 });
    late.send({ type: 'join', sessionId: s.id });
    expect(await late.next((m) => m.type === 'error' || m.type === 'sessionState')).toMatchObject({ type: 'error', code: 'unknown_session' });
    late.close();
    for (const cl of clients) {
      expect(await cl.next((m) => m.type === 'error')).toEqual({ type: 'error', code: 'unknown_session', message: `session "${s.id}" was deleted by an editor` });
      expect(await cl.closed).toEqual({ code: 4004, reason: 'session deleted' });
      expect(cl.invalid).toEqual([]);
    }
  }, 60_000);
});
