import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, 1, policy)).toBe(100);
    expect(backoffDelay(1, 1, policy)).toBe(200);
    expect(backoffDelay(3, 1, policy)).toBe(800);
    expect(backoffDelay(10, 1, policy)).toBe(1000);
  });

  it('jitters within the upper half of the ceiling', () => {
    expect(backoffDelay(2, 0, { baseMs: 100, maxMs: 1000 })).toBe(200);
  });
});
