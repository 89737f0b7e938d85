import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@liveprop/protocol';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
let session: Awaited<ReturnType<TestServer['createSession']>>;
let editor: TestClient;
let watcher: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  session = await server.createSession({ preset: 'xor' });
  editor = await TestClient.joined(server.url, session.id, session.editToken);
  watcher = await TestClient.joined(server.url, session.id);
});
afterAll(async () => {
  await server.close();
});

const isError = (m: ServerMessage): boolean => m.type === 'error';
const stateChanging = new Set(['event', 'status', 'metrics', 'dataset']);

const cases: [string, string, string, string?][] = [
  ['text that is not JSON', '{"type":"change",', 'bad_json'],
  ['a JSON value that is not an object', '42', 'invalid_field', 'type'],
  ['an unknown type', '{"type":"dropTables"}', 'unknown_type'],
  ['a wrong field type', '{"type":"speed","epochsPerSecond":"fast"}', 'invalid_field', 'epochsPerSecond'],
  ['a NaN learning rate', '{"type":"change","change":{"what":"learningRate","value":"NaN"}}', 'invalid_field', 'change.value'],
  ['a negative learning rate', '{"type":"change","change":{"what":"learningRate","value":-0.5}}', 'invalid_field', 'change.value'],
  ['a huge learning rate', '{"type":"change","change":{"what":"learningRate","value":1e300}}', 'invalid_field', 'change.value'],
  ['a layer over the core limit', '{"type":"change","change":{"what":"addLayer","index":0,"units":4096,"activation":"relu"}}', 'invalid_field', 'change.units'],
  ['a topology edit the network cannot take', '{"type":"change","change":{"what":"removeLayer","index":9}}', 'invalid_change'],
  ['a control without its required field', '{"type":"control","command":{"action":"step"}}', 'invalid_field', 'command.unit'],
  ['a second join', `{"type":"join","sessionId":"whatever"}`, 'already_joined'],
];

describe('bad input', () => {
  it.each(cases)('[R5] answers %s with its error code and changes nothing', async (_name, frame, code, path) => {
    const before = editor.lastSeq();
    editor.send(frame);
    const error = await editor.next(isError);
    expect(error).toMatchObject({ type: 'error', code });
    if (path !== undefined) expect(error).toMatchObject({ path });
    expect(error.type === 'error' && error.message.length).toBeGreaterThan(5);
    // A valid round trip afterwards proves the connection still works and nothing was broadcast meanwhile.
    editor.send({ type: 'setName', name: `after-${code}` });
    await editor.next((m) => m.type === 'presence' && m.viewers.some((v) => v.name === `after-${code}`));
    const since = editor.received.filter((m) => 'seq' in m && (m as { seq: number }).seq > before);
    expect(since.filter((m) => stateChanging.has(m.type))).toEqual([]);
  });

  it('[R5] answers a join to an unknown session with unknown_session', async () => {
    const client = await TestClient.connect(server.url);
    client.send({ type: 'hello', protocol: 1 });
    client.send({ type: 'join', sessionId: 'no-such-session' });
    expect(await client.next(isError)).toMatchObject({ code: 'unknown_session', requestType: 'join' });
    client.send({ type: 'control', command: { action: 'play' } });
    expect(await client.next(isError)).toMatchObject({ code: 'not_joined' });
    client.close();
  });

  it('[R5] leaves the session config, epoch and event log untouched after all the bad frames', async () => {
    const fresh = await TestClient.joined(server.url, session.id);
    const initial = editor.received.find((m) => m.type === 'sessionState');
    const now = fresh.received.find((m) => m.type === 'sessionState');
    if (initial?.type !== 'sessionState' || now?.type !== 'sessionState') throw new Error('expected sessionState frames');
    expect(now.config).toEqual(initial.config);
    expect(now.events).toEqual([]);
    expect(now.epoch).toBe(0);
    expect(now.status).toBe('paused');
    expect(editor.invalid).toEqual([]);
    expect(watcher.invalid).toEqual([]);
    fresh.close();
  });
});
