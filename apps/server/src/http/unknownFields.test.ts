import { getPreset } from '@liveprop/core';
import { forkedSessionSchema, restErrorSchema, sessionLinksSchema, sessionListSchema } from '@liveprop/protocol';
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

const send = (method: string, path: string, body: unknown, token?: string): Promise<Response> =>
  fetch(`${server.url}/api/sessions${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });

async function refusal(res: Response): Promise<{ code: string; message: string }> {
  expect(res.status).toBe(400);
  return restErrorSchema.parse(await res.json()).error;
}

const sessionIds = async (): Promise<string[]> => sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json()).map((s) => s.id);

const xor = getPreset('xor')!;

describe('[R41] a REST body with a key its schema does not name is refused', () => {
  it('names a config field sent beside the preset and says it belongs in "config", creating nothing', async () => {
    const before = await sessionIds();
    const error = await refusal(await send('POST', '', { preset: 'spiral', network: xor.network }));
    expect(error).toEqual({ code: 'invalid_field', message: 'unknown field "network" at the top level; it belongs in "config"' });
    expect(await sessionIds()).toEqual(before);
  });

  it('names an unknown top-level key that belongs nowhere', async () => {
    expect(await refusal(await send('POST', '', { preset: 'xor', sped: 30 }))).toEqual({
      code: 'invalid_field',
      message: 'unknown field "sped" at the top level',
    });
  });

  it('names an unknown key deep in the config, with where it belongs', async () => {
    const config = { ...xor, network: { ...xor.network, loss: 'squaredError' } };
    expect(await refusal(await send('POST', '', { config }))).toEqual({
      code: 'invalid_field',
      message: 'unknown field "loss" in "config.network"; it belongs in "config.training"',
    });
    const layers = xor.network.layers.map((l, i) => (i === 1 ? { ...l, dropout: 0.5 } : l));
    const deeper = await refusal(await send('POST', '', { config: { ...xor, network: { ...xor.network, layers } } }));
    expect(deeper.message).toBe('unknown field "dropout" in "config.network.layers[1]"');
  });

  it('names an unknown key in an imported model', async () => {
    const source = await server.createSession({ preset: 'xor' });
    const model = (await (await fetch(`${server.url}/api/sessions/${source.id}/model.json`)).json()) as { layers: object[] };
    const tagged = { ...model, layers: [model.layers[0], { ...model.layers[1], frozen: true }] };
    const error = await refusal(await send('POST', '', { preset: 'xor', model: tagged }));
    expect(error).toEqual({ code: 'invalid_field', message: 'unknown field "frozen" in "model.layers[1]"' });
    expect((await send('POST', '', { preset: 'xor', model })).status).toBe(201);
  });

  it('refuses an unknown key in a rename and keeps the name', async () => {
    const s = await server.createSession({ preset: 'xor', name: 'kept' });
    const error = await refusal(await send('PATCH', `/${s.id}`, { name: 'new', colour: '#ff0000' }, s.editToken));
    expect(error).toEqual({ code: 'invalid_field', message: 'unknown field "colour" at the top level' });
    const rows = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json());
    expect(rows.find((r) => r.id === s.id)?.name).toBe('kept');
    expect((await send('PATCH', `/${s.id}`, { name: 'new' }, s.editToken)).status).toBe(204);
  });

  it('refuses an unknown key in a fork body and forks nothing; a good fork still works', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const before = await sessionIds();
    const error = await refusal(await send('POST', `/${s.id}/fork`, { name: 'b', epoch: 3 }, s.editToken));
    expect(error).toEqual({ code: 'invalid_field', message: 'unknown field "epoch" at the top level' });
    expect(await sessionIds()).toEqual(before);
    const forked = await send('POST', `/${s.id}/fork`, { name: 'b' }, s.editToken);
    expect(forked.status).toBe(201);
    expect(forkedSessionSchema.parse(await forked.json()).parentId).toBe(s.id);
  });

  it('still creates from a preset with every known field, and from the config a session reports', async () => {
    const res = await send('POST', '', { preset: 'xor', name: 'all fields', speed: 10 });
    expect(res.status).toBe(201);
    const viewer = await TestClient.joined(server.url, sessionLinksSchema.parse(await res.json()).id);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    viewer.close();
    expect(state?.type).toBe('sessionState');
    const config = state?.type === 'sessionState' ? state.config : null;
    expect((await send('POST', '', { config, name: 'copy' })).status).toBe(201);
    expect(viewer.invalid).toEqual([]);
  });
});

describe('[R41] a WebSocket frame with a key its schema does not name is refused', () => {
  it('refuses an unknown key in a command with invalid_field naming it, changes nothing and keeps the socket', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    editor.send({ type: 'control', action: 'play' });
    expect(await editor.next((m) => m.type === 'error')).toMatchObject({
      code: 'invalid_field',
      path: 'action',
      message: 'invalid "control" message: unknown field "action" at the top level; it belongs in "command"',
    });
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.5, layer: 0 } });
    expect(await editor.next((m) => m.type === 'error')).toMatchObject({ code: 'invalid_field', path: 'change.layer' });
    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.5 } });
    expect(await editor.next((m) => m.type === 'event')).toMatchObject({ what: 'learningRate', to: 0.5 });
    editor.close();
  });
});
