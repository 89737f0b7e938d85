import { CORE_ERROR_CODES } from '@liveprop/core';
import { ERROR_CODES } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { refusal, refusalCode } from './refusal.js';

describe('refusal', () => {
  it('maps every core error code to a protocol error code', () => {
    for (const code of CORE_ERROR_CODES) expect(ERROR_CODES).toContain(refusalCode(code));
  });

  it("reports core's internal_error as internal, not as a refused change", () => {
    expect(refusal({ ok: false, code: 'internal_error', message: 'x is undefined' })).toEqual({ code: 'internal', message: 'x is undefined' });
  });

  it('reports a refused change as invalid_change with core’s code in the message', () => {
    expect(refusal({ ok: false, code: 'limit_exceeded', message: 'too many layers' })).toEqual({
      code: 'invalid_change',
      message: 'limit_exceeded: too many layers',
    });
  });

  it('reports rollback without a finite state as nothing_to_rollback, and an unknown code as internal', () => {
    expect(refusal({ ok: false, code: 'no_finite_state', message: 'm' })?.code).toBe('nothing_to_rollback');
    expect(refusal({ ok: false, code: 'mystery', message: 'm' })).toEqual({ code: 'internal', message: 'mystery: m' });
    expect(refusal({ ok: true, value: 1 })).toBeNull();
  });
});
