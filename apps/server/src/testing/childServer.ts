import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Spawns `node <args>` and resolves once its stdout matches `listening` (whose first group is the URL); rejects with
 * everything it printed if it exits first. The child is added to `children` so the suite can kill what is left.
 */
export function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  listening: RegExp,
  children: ChildProcess[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const match = listening.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('exit', (code, signal) => reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before listening: ${err}${out}`)));
  });
}
