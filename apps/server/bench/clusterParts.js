// Pieces of the cluster bench: process CPU from /proc, a throwaway redis-server, `liveprop serve` gateway processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';

const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise((resolve) => {
    const probe = netServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** CPU ms (user + system) in a /proc stat file: fields 14 and 15, counted after the command name, in 10 ms ticks. */
function statCpuMs(path) {
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU ms of process `pid` so far: all its threads, and its main thread (the event loop) alone. */
export function cpuMs(pid) {
  return { all: statCpuMs(`/proc/${pid}/stat`), main: statCpuMs(`/proc/${pid}/task/${pid}/stat`) };
}

export async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-bench-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url });
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      break;
    } catch (err) {
      if (i > 50) throw err;
      await sleep(100);
    }
  }
  const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await client.info('stats'))[1]);
  return { url, pid: child.pid, commands, stop: async () => (await client.quit().catch(() => {}), child.kill('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}

export function startGateway(env) {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${out}`)));
  });
}
