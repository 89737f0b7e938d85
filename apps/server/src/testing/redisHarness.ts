import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real redis-server on 127.0.0.1, in its own temp dir, that a test can stop, restart, freeze and thaw. */
export interface RedisHarness {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: nothing saved, as if the host died); the port stays reserved for {@link start}. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty: this harness runs Redis without persistence. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** SIGSTOP: the socket stays open and commands hang, as with a stalled Redis host. */
  freeze(): void;
  thaw(): void;
  /** Stops the server and removes its dir. */
  close(): Promise<void>;
}

/** The redis-server binary: `REDIS_SERVER` or the one on PATH. */
export function redisServerBinary(): string {
  const binary = process.env['REDIS_SERVER'] ?? 'redis-server';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `expected redis-server (${binary}) to run for the cluster tests, got ${probe.error?.message ?? `exit ${probe.status}`}; ` +
        'install it (apt-get install redis-server; .ci/run does) or set REDIS_SERVER',
    );
  }
  return binary;
}

/** Starts redis-server on a free port in a fresh temp dir. Throws (never skips) when redis-server is missing. */
export async function startRedis(): Promise<RedisHarness> {
  const binary = redisServerBinary();
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const killOnExit = (): void => void child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = async (): Promise<void> => {
    if (child !== null) throw new Error(`expected redis-server on port ${port} to be stopped before start, it runs`);
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    await waitUntilReady(started, port);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (running === null) return;
    child = null;
    if (running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGCONT');
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async close() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING; rejects with what it printed if it exits first. */
function waitUntilReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (d: Buffer): void => void (output += d.toString('utf8'));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const onExit = (code: number | null): void => {
      clearInterval(poll);
      reject(new Error(`expected redis-server to listen on ${port}, it exited (${code}): ${output.slice(-2000)}`));
    };
    child.once('exit', onExit);
    const poll = setInterval(() => {
      void ping(port).then((ok) => {
        if (!ok) return;
        clearInterval(poll);
        child.off('exit', onExit);
        resolve();
      });
    }, 20);
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString('utf8').startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
