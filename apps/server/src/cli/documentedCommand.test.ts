import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainReport } from './trainReport.js';

/** The repository root, where README's `pnpm liveprop …` lines are run. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liveprop-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a shell line from the repository root, as a reader of the README would. */
function shell(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', line], { cwd: root, env: { ...process.env, OUT_DIR: dir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

// The command builds first (a turbo cache hit after `pnpm build`, a real build otherwise), so allow it time.
describe('the documented pnpm liveprop command', { timeout: 180_000 }, () => {
  it('writes one JSON document to the redirected file (the build banner goes to stderr)', async () => {
    const run = await shell('pnpm liveprop train --preset punnen-xor --epochs 10 --json > "$OUT_DIR/out.json"');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as TrainReport;
    expect(report).toMatchObject({ format: 'liveprop.train/1', preset: 'punnen-xor', epochs: 10, diverged: false });
  });

  it('answers --lr -1 with a sentence naming the flag and its range, nothing on stdout, exit 2', async () => {
    const run = await shell('pnpm liveprop train --preset xor --lr -1 --json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('liveprop train: --lr must be a number greater than 0 and at most 100, got -1');
    expect(run.stderr).not.toContain('ambiguous');
  });
});
