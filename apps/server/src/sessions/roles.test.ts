import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
let session: Awaited<ReturnType<TestServer['createSession']>>;

beforeAll(async () => {
  server = await startTestServer();
  session = await server.createSession({ preset: 'xor' });
});
afterAll(async () => {
  await server.close();
});

describe('roles', () => {
  it('[R9] makes a client with the edit token an editor and one without a viewer', async () => {
    const editor = await TestClient.joined(server.url, session.id, session.editToken);
    const viewer = await TestClient.joined(server.url, session.id);
    expect(editor.received.find((m) => m.type === 'sessionState')).toMatchObject({ role: 'editor' });
    expect(viewer.received.find((m) => m.type === 'sessionState')).toMatchObject({ role: 'viewer' });
    editor.close();
    viewer.close();
  });

  it('[R9] refuses every steering command from a viewer with forbidden and changes nothing', async () => {
    const viewer = await TestClient.joined(server.url, session.id);
    const frames = [
      { type: 'control', command: { action: 'play' } },
      { type: 'control', command: { action: 'step', unit: 'epoch' } },
      { type: 'control', command: { action: 'reset', mode: 'reinit' } },
      { type: 'speed', epochsPerSecond: 5 },
      { type: 'change', change: { what: 'learningRate', value: 0.5 } },
      { type: 'rollback' },
    ];
    for (const frame of frames) {
      viewer.send(frame);
      expect(await viewer.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden', requestType: frame.type });
    }
    const probe = await TestClient.joined(server.url, session.id);
    const state = probe.received.find((m) => m.type === 'sessionState');
    expect(state).toMatchObject({ status: 'paused', epoch: 0, speed: null, events: [] });
    expect(viewer.received.some((m) => m.type === 'event' || m.type === 'status' || m.type === 'metrics')).toBe(false);
    viewer.close();
    probe.close();
  });

  it('[R9] joins a client with a wrong edit token as a viewer and says so', async () => {
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 1 });
    client.send({ type: 'join', sessionId: session.id, editToken: `${session.editToken}x` });
    expect(await client.next((m) => m.type === 'sessionState')).toMatchObject({ role: 'viewer' });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden', requestType: 'join' });
    client.close();
  });

  it('[R9] never puts the edit token in logs or in any frame a client receives', async () => {
    const editor = await TestClient.joined(server.url, session.id, session.editToken);
    const viewer = await TestClient.joined(server.url, session.id);
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.07 } });
    await viewer.next((m) => m.type === 'event');
    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await viewer.next((m) => m.type === 'metrics');
    const everything = JSON.stringify([editor.received, viewer.received]);
    expect(session.editToken.length).toBeGreaterThan(20);
    expect(everything).not.toContain(session.editToken);
    expect(server.logs.length).toBeGreaterThan(3);
    expect(server.logs.join('')).not.toContain(session.editToken);
    expect(server.logs.join('')).toContain(session.id);
    editor.close();
    viewer.close();
  });
});
