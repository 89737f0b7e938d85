import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('liveprop serve', () => {
  it('serves on the given port until SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liveprop-serve-'));
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', dataDir], { env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /serving on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an unknown option with exit code 2', async () => {
    const child = spawn(process.execPath, [MAIN, 'serve', '--bogus', '1']);
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
  });
});
