import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '@liveprop/core';
import { datasetUploadedSchema, sessionListSchema } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-upload-'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const upload = (id: string, body: string | Buffer, headers: Record<string, string>) =>
  fetch(`${server.url}/api/sessions/${id}/dataset`, { method: 'POST', headers, body });
const editor = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-liveprop-name': 'Ada' });

/** 3 inputs and a 0/1 label, `rows` rows with a header. */
function csv(rows: number): string {
  const lines = ['a,b,c,label'];
  for (let r = 0; r < rows; r++) lines.push(`${(r % 17) / 10},${(r % 5) - 2},${r / rows},${r % 2}`);
  return `${lines.join('\n')}\n`;
}

describe('[R37] POST /api/sessions/:id/dataset', () => {
  it('replaces the dataset with a good CSV: one dataset event to everyone, the network resized, no CSV text echoed', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const viewer = await TestClient.joined(server.url, s.id);
    const res = await upload(s.id, csv(500), editor(s.editToken));
    expect(res.status).toBe(200);
    const body = datasetUploadedSchema.parse(await res.json());
    expect(body.bytes).toBe(Buffer.byteLength(csv(500)));
    expect(body.config.dataset.kind).toBe('csv');
    expect(body.config.dataset).not.toHaveProperty('csv');
    expect(body.config.network.inputs).toBe(3);
    const event = await viewer.next((m) => m.type === 'event');
    expect(event).toMatchObject({ what: 'dataset', by: 'Ada', from: { kind: 'xor' }, to: { kind: 'csv' } });
    expect(JSON.stringify(event)).not.toContain('a,b,c,label');
    expect(event.type === 'event' && event.config.dataset).not.toHaveProperty('csv');
    expect(event.type === 'event' && event.config.network.inputs).toBe(3);
    viewer.close();
  });

  it('names the row and column of a bad cell and leaves the dataset as it was', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const res = await upload(s.id, 'x,y,label\n1,2,0\n3,4,1\n5,oops,0\n', editor(s.editToken));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'csv_not_a_number', message: expect.stringContaining("row 4, column 2: 'oops' is not a number") } });
    const ragged = await upload(s.id, 'x,y,label\n1,2,0\n3,1\n', editor(s.editToken));
    expect(ragged.status).toBe(400);
    expect(((await ragged.json()) as { error: { message: string } }).error.message).toMatch(/row 3/);
    const late = await TestClient.joined(server.url, s.id);
    const state = late.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && state.config.dataset.kind).toBe('xor');
    expect(state?.type === 'sessionState' && state.events).toEqual([]);
    late.close();
  });

  it('answers 413 too_large naming the 64 MiB limit for a declared or streamed body over LIMITS.maxCsvBytes', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const big = Buffer.alloc(LIMITS.maxCsvBytes + 1, '1\n');
    const res = await upload(s.id, big, editor(s.editToken));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'too_large', message: 'the CSV is larger than the 64 MiB limit (LIMITS.maxCsvBytes)' } });
    // Chunked, without a Content-Length: counted as it streams in.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/sessions/${s.id}/dataset`, { method: 'POST', headers: editor(s.editToken) }, (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, '1\n');
      for (let k = 0; k <= LIMITS.maxCsvBytes / chunk.length; k++) req.write(chunk);
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain('too_large');
    const list = sessionListSchema.parse(await (await fetch(`${server.url}/api/sessions`)).json());
    expect(list.some((row) => row.id === s.id)).toBe(true);
  });

  it('refuses a missing or wrong token (403), a wrong Content-Type (415) and an unknown session (404)', async () => {
    const s = await server.createSession({ preset: 'xor' });
    const other = await server.createSession({ preset: 'xor' });
    const none = await upload(s.id, csv(10), { 'content-type': 'text/csv' });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const wrong = await upload(s.id, csv(10), editor(other.editToken));
    expect(wrong.status).toBe(403);
    const json = await upload(s.id, csv(10), { ...editor(s.editToken), 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'POST CSV uploads must be sent with Content-Type: text/csv, got "application/json"' } });
    // text/plain is a type a cross-site form can send, so it is not taken for CSV.
    expect((await upload(s.id, csv(10), { ...editor(s.editToken), 'content-type': 'text/plain' })).status).toBe(415);
    const missing = await upload('nope', csv(10), editor(s.editToken));
    expect(missing.status).toBe(404);
  });

  it('a server restarted on the same data dir brings the uploaded dataset back', async () => {
    const s = await server.createSession({ preset: 'xor' });
    expect((await upload(s.id, csv(300), editor(s.editToken))).status).toBe(200);
    await server.close();
    server = await startTestServer({ dataDir });
    const back = await TestClient.joined(server.url, s.id);
    const state = back.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && [state.config.dataset.kind, state.config.network.inputs]).toEqual(['csv', 3]);
    // It came back hibernated, its config read from the checkpoint: the text still stays out of it ([R38]).
    expect(JSON.stringify(back.received)).not.toContain('a,b,c,label');
    back.close();
  });
});
