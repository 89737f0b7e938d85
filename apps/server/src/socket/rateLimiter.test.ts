import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rateLimiter.js';

describe('TokenBucket', () => {
  it('[R7] allows a burst, refuses past it, and refills at the rate', () => {
    const bucket = new TokenBucket(50, 100, 0);
    let allowed = 0;
    for (let i = 0; i < 150; i++) if (bucket.take(0)) allowed++;
    expect(allowed).toBe(100);
    expect(bucket.strikes).toBe(50);
    expect(bucket.take(20)).toBe(true);
    expect(bucket.take(20)).toBe(false);
  });

  it('[R7] forgives strikes once the bucket is full again', () => {
    const bucket = new TokenBucket(50, 100, 0);
    for (let i = 0; i < 110; i++) bucket.take(0);
    expect(bucket.strikes).toBe(10);
    bucket.take(3000);
    expect(bucket.strikes).toBe(0);
  });
});
