import type { ServerMessage } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const isEvent = (m: ServerMessage): boolean => m.type === 'event';
const isError = (m: ServerMessage): boolean => m.type === 'error';

describe('edits that keep the outputs', () => {
  it('[R36] an exact edit is applied and its event says so; a kept event carries it to a late joiner', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken, 'Ada');
    editor.send({ type: 'change', change: { what: 'addLayer', index: 2, units: 4, activation: 'relu', keepOutput: true } });
    const event = await editor.next(isEvent);
    expect(event).toMatchObject({ what: 'addLayer', by: 'Ada', output: { kind: 'exact' } });
    const late = await TestClient.joined(server.url, s.id);
    const state = late.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.events[0]?.output?.kind).toBe('exact');
    editor.close();
    late.close();
  });

  it('[R36] keepOutput refuses an output-changing edit with output_change naming the loss jump; sent again it applies, marked', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    const viewer = await TestClient.joined(server.url, s.id);
    editor.send({ type: 'change', change: { what: 'activation', layer: 0, value: 'relu', keepOutput: true } });
    const refused = await editor.next(isError);
    expect(refused).toMatchObject({ code: 'output_change' });
    expect(refused.type === 'error' && refused.message).toMatch(/^this will change the network's output; the training loss will jump from \S+ to \S+$/);
    editor.send({ type: 'change', change: { what: 'activation', layer: 0, value: 'relu' } });
    const event = await viewer.next(isEvent);
    expect(event).toMatchObject({ what: 'activation', from: 'tanh', to: 'relu', output: { kind: 'changes' } });
    expect(viewer.received.filter(isEvent)).toHaveLength(1);
    editor.close();
    viewer.close();
  });
});
