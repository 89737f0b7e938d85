import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createServer, type RunningServer, type ServerOptions } from '../server.js';

/** A real server on 127.0.0.1, port 0, whose pino log lines are kept in memory for assertions. */
export interface TestServer extends RunningServer {
  logs: string[];
  createSession(body?: unknown): Promise<{ id: string; editUrl: string; viewUrl: string; editToken: string }>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const server = await createServer({ host: '127.0.0.1', port: 0, logger: pino({ level: 'debug' }, sink), ...options });
  return Object.assign(server, {
    logs,
    async createSession(body: unknown = { preset: 'xor' }) {
      const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`POST /api/sessions answered ${res.status}: ${await res.text()}`);
      const created = (await res.json()) as { id: string; editUrl: string; viewUrl: string };
      return { ...created, editToken: created.editUrl.split('#edit=')[1] ?? '' };
    },
  });
}
