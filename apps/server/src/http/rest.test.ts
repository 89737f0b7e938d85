import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMetricColumns, modelJsonSchema, restErrorSchema, sessionLinksSchema, sessionListSchema } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

let server: TestServer;
let bare: TestServer;
let dashboardDir: string;

beforeAll(async () => {
  dashboardDir = mkdtempSync(join(tmpdir(), 'liveprop-dash-'));
  mkdirSync(join(dashboardDir, 'assets'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>dash</title><div id="app"></div>');
  writeFileSync(join(dashboardDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startTestServer({ dashboardDir });
  bare = await startTestServer({ dashboardDir: join(dashboardDir, 'missing') });
});
afterAll(async () => {
  await Promise.all([server.close(), bare.close()]);
  rmSync(dashboardDir, { recursive: true, force: true });
});

const post = (body: string) => fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('REST', () => {
  it('answers /healthz with 200 JSON', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('[R38] creates a session from a preset and lists it with epoch, status and viewer count, each answer read with its schema', async () => {
    const res = await post(JSON.stringify({ preset: 'circle' }));
    expect(res.status).toBe(201);
    const created = sessionLinksSchema.parse(await res.json());
    expect(created.viewUrl).toBe(`${server.url}/s/${created.id}`);
    expect(created.editUrl).toMatch(new RegExp(`^${created.viewUrl}#edit=[A-Za-z0-9_-]{43}$`));
    const list = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json());
    expect(list).toContainEqual(expect.objectContaining({ id: created.id, name: 'circle', epoch: 0, status: 'paused', viewers: 0 }));
    // Ids are mixed-case base64url: the search finds one as given.
    const byId = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions?q=${created.id}`)).json());
    expect(byId.map((s) => s.id)).toEqual([created.id]);
  });

  it('starts a session at the speed asked for, which the first joiner sees', async () => {
    const res = await post(JSON.stringify({ preset: 'xor', speed: 30 }));
    expect(res.status).toBe(201);
    const { id } = sessionLinksSchema.parse(await res.json());
    const viewer = await TestClient.joined(server.url, id);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.speed).toBe(30);
    viewer.close();
  });

  it('creates a session from a full config', async () => {
    const res = await post(JSON.stringify({ preset: 'xor' }));
    const { id } = sessionLinksSchema.parse(await res.json());
    const viewer = await TestClient.joined(server.url, id);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    viewer.close();
    const again = await post(JSON.stringify({ config: state?.type === 'sessionState' ? state.config : null, name: 'copy' }));
    expect(again.status).toBe(201);
  });

  it.each([
    ['not JSON', '{"preset":', 400, 'bad_json'],
    ['an unknown preset', '{"preset":"nope"}', 400, 'invalid_field'],
    ['an invalid config', JSON.stringify({ config: { seed: 1, dataset: {}, network: { inputs: 2, layers: [] } } }), 400, 'invalid_config'],
    ['preset and config together', '{"preset":"xor","config":{}}', 400, 'invalid_field'],
    ['a negative starting speed', '{"preset":"xor","speed":-1}', 400, 'invalid_field'],
    ['a starting speed given as text', '{"preset":"xor","speed":"30"}', 400, 'invalid_field'],
    ['an array for a body', '[]', 400, 'invalid_field'],
    ['a name that is not a string', '{"preset":"xor","name":7}', 400, 'invalid_field'],
  ])('refuses %s with a named error', async (_name, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(restErrorSchema.parse(await res.json())).toMatchObject({ error: { code } });
  });

  it('[R38] names the first wrong field of a body that fails its schema', async () => {
    const res = await post('{"preset":"xor","speed":"30"}');
    expect(restErrorSchema.parse(await res.json()).error.message).toMatch(/^"speed": /);
  });

  it('serves metrics.csv with a header and one row per epoch matching the streamed metrics', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const editor = await TestClient.joined(server.url, s.id, s.editToken);
    for (let i = 0; i < 3; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(3));
    const res = await fetch(`${server.url}/api/sessions/${s.id}/metrics.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('epoch,trainLoss,testLoss,trainAccuracy,testAccuracy,learningRate,epochMs');
    expect(lines.length).toBe(4);
    const streamed = editor.received.flatMap((m) => (m.type === 'metrics' ? fromMetricColumns(m.columns) : []));
    lines.slice(1).forEach((line, i) => {
      const [epoch, trainLoss, testLoss] = line.split(',').map(Number);
      expect([epoch, trainLoss, testLoss]).toEqual([streamed[i]!.epoch, streamed[i]!.trainLoss, streamed[i]!.testLoss]);
    });
    editor.close();
  });

  it('serves model.json in the liveprop.model/1 format with the session topology', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const res = await fetch(`${server.url}/api/sessions/${s.id}/model.json`);
    expect(res.status).toBe(200);
    const model = modelJsonSchema.parse(await res.json());
    expect(model.format).toBe('liveprop.model/1');
    expect(model.layers.map((l) => l.outputs)).toEqual([8, 8, 1]);
    expect(model.layers[0]!.weights.length).toBe(8);
  });

  it('answers 404 for unknown sessions and API routes', async () => {
    expect((await fetch(`${server.url}/api/sessions/nope/metrics.csv`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/sessions/nope/model.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/whatever`)).status).toBe(404);
  });

  it('serves the dashboard, its assets, and index.html for SPA routes, but not files outside it', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>dash</title>');
    expect(await (await fetch(`${server.url}/s/abc`)).text()).toContain('<title>dash</title>');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('serves a placeholder page when the dashboard is not built', async () => {
    const res = await fetch(`${bare.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('dashboard is not built');
  });
});
