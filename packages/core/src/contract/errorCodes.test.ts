import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attempt } from './check.js';
import { CORE_ERROR_CODES } from './errors.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceText(path);
      const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && path !== join(src, 'contract', 'errors.ts');
      return isSource ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('CoreErrorCode', () => {
  // The other direction, "every emitted code is listed", is the compiler's: every emitter takes a CoreErrorCode.
  it('lists only codes core emits somewhere', () => {
    const text = sourceText(src);
    expect(CORE_ERROR_CODES.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('turns an error no check foresaw into internal_error, not a config code', () => {
    const result = attempt(() => {
      throw new TypeError('boom');
    });
    expect(result).toEqual({ ok: false, code: 'internal_error', message: 'boom' });
  });
});
