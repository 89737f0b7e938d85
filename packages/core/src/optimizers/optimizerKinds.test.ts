import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_KINDS } from './defaults.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const guide = readFileSync(`${repo}docs/adding.md`, 'utf8');

/** The repo files `docs/adding.md` lists under "A new optimizer", in order; `<kind>` stands for each kind. */
function optimizerFiles(): string[] {
  const section = guide.split('\n## ').find((s) => s.startsWith('A new optimizer'));
  if (section === undefined) throw new Error('docs/adding.md has no "A new optimizer" section');
  const steps = section.split('\nProof:')[0]!;
  return [...steps.matchAll(/`((?:packages|apps)\/[^`]+\.(?:ts|svelte))`/g)].map((m) => m[1]!);
}

describe('adding an optimizer', () => {
  it('docs/adding.md lists the files to touch, and they exist', () => {
    const files = optimizerFiles();
    expect(files.length).toBeGreaterThanOrEqual(8);
    const missing = files.flatMap((f) => OPTIMIZER_KINDS.map((kind) => f.replace('<kind>', kind))).filter((f) => !existsSync(repo + f));
    expect(missing).toEqual([]);
  });

  it('every listed file handles every optimizer kind (a new kind names the files still to do)', () => {
    const forgotten: string[] = [];
    for (const file of optimizerFiles()) {
      if (file.includes('<kind>')) continue;
      const text = readFileSync(repo + file, 'utf8');
      for (const kind of OPTIMIZER_KINDS) {
        if (!new RegExp(`\\b${kind}\\b`).test(text)) forgotten.push(`${file} does not mention ${kind}`);
      }
    }
    expect(forgotten).toEqual([]);
  });
});
