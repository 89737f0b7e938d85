import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Core's folders from the bottom up. A folder's code imports only from itself and the folders before it, so the
 * contract (config types, limits, errors) sits at the bottom and the trainer at the top.
 */
const LAYERS = [
  'contract',
  'rng',
  'activations',
  'losses',
  'layers',
  'optimizers',
  'network',
  'kernels',
  'datasets',
  'validation',
  'model',
  'presets',
  'training',
  'testing',
] as const;

const src = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The top folder under `src/` a path is in; `''` for files at the root (the `index.ts` barrel). */
function folderOf(path: string): string {
  const parts = relative(src, path).split(sep);
  return parts.length > 1 ? parts[0]! : '';
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!));
}

/** Every import that reaches a folder at the same height or above its own, as `file -> imported file`. */
function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    if (from === '') continue;
    const fromRank = LAYERS.indexOf(from as (typeof LAYERS)[number]);
    for (const target of relativeImports(file)) {
      const to = folderOf(target);
      if (to === from) continue;
      const toRank = LAYERS.indexOf(to as (typeof LAYERS)[number]);
      if (toRank < 0 || toRank >= fromRank) found.push(`${relative(src, file)} -> ${relative(src, target)}`);
    }
  }
  return found;
}

describe('core layering', () => {
  it('names every folder under src/ in LAYERS', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(LAYERS as readonly string[]).includes(f))).toEqual([]);
  });

  it('has no upward imports: each folder imports only from the folders below it', () => {
    expect(upwardImports()).toEqual([]);
  });
});
