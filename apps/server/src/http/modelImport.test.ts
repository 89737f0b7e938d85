import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

interface ModelDoc { format: string; layers: { inputs: number; outputs: number; weights: number[][]; bias: number[] }[] }

let server: TestServer;
let source: { id: string; editToken: string };
let exported: ModelDoc;

beforeAll(async () => {
  server = await startTestServer();
  source = await server.createSession({ preset: 'xor' });
  const editor = await TestClient.joined(server.url, source.id, source.editToken);
  for (let i = 0; i < 4; i++) editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
  await editor.next((m) => m.type === 'metrics' && m.columns.epoch.includes(4));
  editor.close();
  exported = (await (await fetch(`${server.url}/api/sessions/${source.id}/model.json`)).json()) as ModelDoc;
});
afterAll(() => server.close());

const post = (body: unknown) => fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const modelOf = async (id: string) => (await fetch(`${server.url}/api/sessions/${id}/model.json`)).json();
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('[R24] POST /api/sessions with a model', () => {
  it('creates a session whose model.json equals the imported model, named after its preset', async () => {
    const res = await post({ model: exported, preset: 'xor' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await modelOf(id)).toEqual(exported);
    const list = (await (await fetch(`${server.url}/api/sessions`)).json()) as { id: string; name: string; epoch: number }[];
    expect(list.find((s) => s.id === id)).toMatchObject({ name: 'xor (imported model)', epoch: 0 });
  });

  it('takes data and hyper-parameters from a full config and the name from the body', async () => {
    const viewer = await TestClient.joined(server.url, source.id);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    viewer.close();
    const config = state?.type === 'sessionState' ? state.config : null;
    const res = await post({ model: exported, config, name: 'imported' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await modelOf(id)).toEqual(exported);
  });

  it('refuses a malformed model with 400 invalid_model naming the field', async () => {
    const layers = exported.layers.map((l, i) => (i === 0 ? { ...l, weights: l.weights.map((row, j) => (j === 1 ? [1] : row)) } : l));
    const res = await post({ model: { ...exported, layers }, preset: 'xor' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'invalid_model', message: expect.stringMatching(/^model\.layers\[0\]\.weights\[1\] has 1 numbers, expected 2/) });
    const format = await post({ model: { ...exported, format: 'other/1' } });
    expect(await errorOf(format)).toMatchObject({ code: 'invalid_model', message: expect.stringContaining('model.format') });
  });

  it('refuses a model whose inputs or outputs do not fit the dataset, naming both sizes', async () => {
    const wide = { format: 'liveprop.model/1', layers: [{ inputs: 3, outputs: 1, activation: 'sigmoid', weights: [[1, 2, 3]], bias: [0] }] };
    const res = await post({ model: wide, preset: 'xor' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'invalid_model', message: 'the model takes 3 inputs (model.layers[0].inputs) but the dataset of preset "xor" has 2 input features' });
    const twoOut = { format: 'liveprop.model/1', layers: [{ inputs: 2, outputs: 2, activation: 'sigmoid', weights: [[1, 2], [3, 4]], bias: [0, 0] }] };
    expect(await errorOf(await post({ model: twoOut, preset: 'xor' }))).toMatchObject({ message: expect.stringContaining('has 2 outputs (model.layers[0].outputs) but the dataset of preset "xor" has 1 target columns') });
  });
});
