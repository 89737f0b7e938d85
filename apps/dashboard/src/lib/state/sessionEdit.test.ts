import { describe, expect, it } from 'vitest';
import { checkSessionName, MAX_SESSION_NAME } from './sessionEdit.js';

describe('checkSessionName', () => {
  it('accepts 1 to 100 characters after trimming and answers the trimmed name', () => {
    expect(checkSessionName('  spiral, lr 0.3  ')).toEqual({ ok: true, value: 'spiral, lr 0.3' });
    expect(checkSessionName('x'.repeat(MAX_SESSION_NAME))).toEqual({ ok: true, value: 'x'.repeat(100) });
  });

  it('refuses an empty or blank name', () => {
    expect(checkSessionName('   ')).toEqual({ ok: false, code: 'invalid_name', message: 'the name cannot be empty' });
  });

  it('refuses a name that is too long and says by how much', () => {
    expect(checkSessionName('y'.repeat(101))).toEqual({ ok: false, code: 'invalid_name', message: 'the name is 101 characters long; at most 100 fit' });
  });
});
