import type { Rng } from './rng.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 0xffffffff;

/**
 * A serialisable copy of the generator, laid out like NumPy's `RandomState.get_state()`:
 * `('MT19937', key, pos, has_gauss, cached_gaussian)`. Plain numbers so it survives JSON.
 */
export interface Mt19937State {
  /** The 624 words of the twister state, each an unsigned 32-bit integer. */
  key: number[];
  /** Index of the next word to temper, 0..624 (624 means "twist before the next draw"). */
  pos: number;
  /** Whether a second normal deviate from the polar method is cached. */
  hasGauss: boolean;
  /** The cached deviate, meaningful only when `hasGauss`. */
  gauss: number;
}

/**
 * Mersenne Twister MT19937, bit-compatible with NumPy's legacy `RandomState`:
 * `new MT19937(n)` is `np.random.seed(n)` (init_genrand for an integer seed),
 * `random()` is `np.random.random()` bit for bit, and `normal()` is `np.random.standard_normal()`
 * (the legacy polar method with its cached second deviate). Normals consume exactly NumPy's
 * uniforms but can differ from NumPy's in the last bit, since V8's `Math.log` is not glibc's `log`.
 */
export class MT19937 implements Rng {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private hasGauss = false;
  private gauss = 0;

  /** @param seed an integer in 0..2^32-1, as `np.random.seed` accepts. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`MT19937 seed must be an integer in 0..${MAX_SEED}, got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // Math.imul keeps the 32-bit product exact where a double multiply would round.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** Rebuilds a generator from {@link MT19937.state}; throws on a malformed state. */
  static fromState(s: Mt19937State): MT19937 {
    if (!Array.isArray(s.key) || s.key.length !== N) {
      throw new RangeError(`MT19937 state key must have ${N} words, got ${Array.isArray(s.key) ? s.key.length : typeof s.key}`);
    }
    if (!Number.isInteger(s.pos) || s.pos < 0 || s.pos > N) {
      throw new RangeError(`MT19937 state pos must be an integer in 0..${N}, got ${s.pos}`);
    }
    const rng = new MT19937(0);
    for (let i = 0; i < N; i++) {
      const word = s.key[i]!;
      if (!Number.isInteger(word) || word < 0 || word > MAX_SEED) {
        throw new RangeError(`MT19937 state key[${i}] must be a uint32, got ${word}`);
      }
      rng.mt[i] = word;
    }
    rng.index = s.pos;
    rng.hasGauss = s.hasGauss === true;
    rng.gauss = rng.hasGauss ? s.gauss : 0;
    return rng;
  }

  /** A copy of the full state; `MT19937.fromState(rng.state())` continues the same stream. */
  state(): Mt19937State {
    return { key: Array.from(this.mt), pos: this.index, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Next tempered 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits, exactly NumPy's `random_sample`. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal by NumPy's legacy polar method; every second call returns the cached deviate. */
  normal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.index = 0;
  }
}
