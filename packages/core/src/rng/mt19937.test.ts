import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.js';

/** `reference/seed-vectors.json` → "mt19937-seed1-first5", copied verbatim. */
const SEED1_FIRST5 = [0.417022004702574, 0.7203244934421581, 0.00011437481734488664, 0.30233257263183977, 0.14675589081711304];

/** Values printed by NumPy 2.4.6 (`np.random.seed(s)` then the call named), pasted once. */
const NUMPY = {
  seed1Random16: [
    0.417022004702574, 0.7203244934421581, 0.00011437481734488664, 0.30233257263183977, 0.14675589081711304,
    0.0923385947687978, 0.1862602113776709, 0.34556072704304774, 0.39676747423066994, 0.538816734003357,
    0.4191945144032948, 0.6852195003967595, 0.20445224973151743, 0.8781174363909454, 0.027387593197926163,
    0.6704675101784022,
  ],
  seed1RandomAt998: [0.3259672073089859, 0.7744772660150796],
  random: {
    0: [0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969, 0.4236547993389047],
    42: [0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652],
    123456789: [0.532833024789759, 0.5341366008904166, 0.509553035526467, 0.7135640318327616, 0.25699895475697543],
  } as Record<number, number[]>,
  raw: {
    1: [1791095845, 4282876139, 3093770124, 4005303368, 491263],
    5489: [3499211612, 581869302, 3890346734, 3586334585, 545404204],
    4294967295: [419326371, 479346978, 3918654476, 2416749639, 3388880820],
  } as Record<number, number[]>,
  seed1Normal7: [
    1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785,
    -2.3015386968802827, 1.74481176421648,
  ],
  seed42Normal5: [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597],
  /** `standard_normal(3)` then `random(2)`: the cached deviate stays cached across uniform draws. */
  seed7NormalsThenUniforms: [1.690525703800356, -0.4659373705408328, 0.0328201636785844, 0.5011204636599379, 0.07205113335976154],
};

/** Within 1e-15 relative: V8's Math.log may differ from glibc's log in the last bit (about 3% of normal draws). */
function expectClose(got: number[], expected: number[]): void {
  expect(got).toHaveLength(expected.length);
  got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-15 * Math.abs(expected[i]!)));
}

function draw(rng: MT19937, n: number, f: (r: MT19937) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(f(rng));
  return out;
}

describe('MT19937', () => {
  it('reproduces the shared reference vector mt19937-seed1-first5 bit for bit', () => {
    expect(draw(new MT19937(1), 5, (r) => r.random())).toEqual(SEED1_FIRST5);
  });

  it('gives the 16 numbers of np.random.random((3,4)) then random((4,1)) after seed 1', () => {
    expect(draw(new MT19937(1), 16, (r) => r.random())).toEqual(NUMPY.seed1Random16);
  });

  it('stays exact across the twist boundary (draws 998 and 999)', () => {
    const rng = new MT19937(1);
    for (let i = 0; i < 998; i++) rng.random();
    expect(draw(rng, 2, (r) => r.random())).toEqual(NUMPY.seed1RandomAt998);
  });

  it.each([0, 42, 123456789])('matches np.random.random after np.random.seed(%i)', (seed) => {
    expect(draw(new MT19937(seed), 5, (r) => r.random())).toEqual(NUMPY.random[seed]);
  });

  it.each([1, 5489, 4294967295])('matches the raw 32-bit outputs of NumPy for seed %i', (seed) => {
    expect(draw(new MT19937(seed), 5, (r) => r.nextUint32())).toEqual(NUMPY.raw[seed]);
  });

  it('matches np.random.standard_normal (legacy polar method) to 1e-15', () => {
    const got = draw(new MT19937(1), 7, (r) => r.normal());
    expectClose(got, NUMPY.seed1Normal7);
    const got42 = draw(new MT19937(42), 5, (r) => r.normal());
    expectClose(got42, NUMPY.seed42Normal5);
  });

  it('keeps the cached normal deviate across uniform draws, as NumPy does', () => {
    const rng = new MT19937(7);
    const got = [rng.normal(), rng.normal(), rng.normal(), rng.random(), rng.random()];
    expectClose(got.slice(0, 3), NUMPY.seed7NormalsThenUniforms.slice(0, 3));
    expect(got.slice(3)).toEqual(NUMPY.seed7NormalsThenUniforms.slice(3));
    expect(rng.normal()).not.toBe(got[2]);
  });

  it('continues the same stream after a round trip through its JSON state', () => {
    const a = new MT19937(99);
    for (let i = 0; i < 700; i++) a.random();
    a.normal();
    const b = MT19937.fromState(JSON.parse(JSON.stringify(a.state())));
    expect(draw(b, 20, (r) => r.normal())).toEqual(draw(a, 20, (r) => r.normal()));
    expect(draw(b, 700, (r) => r.random())).toEqual(draw(a, 700, (r) => r.random()));
  });

  it('draws uniforms in [0, 1)', () => {
    const rng = new MT19937(3);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = rng.random();
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('rejects seeds NumPy rejects, naming the value', () => {
    expect(() => new MT19937(-1)).toThrow(/got -1/);
    expect(() => new MT19937(2 ** 32)).toThrow(/got 4294967296/);
    expect(() => new MT19937(1.5)).toThrow(/got 1.5/);
    expect(() => new MT19937(Number.NaN)).toThrow(/got NaN/);
  });

  it('rejects a malformed state, naming what is wrong', () => {
    const good = new MT19937(1).state();
    expect(() => MT19937.fromState({ ...good, key: good.key.slice(1) })).toThrow(/624 words, got 623/);
    expect(() => MT19937.fromState({ ...good, pos: 625 })).toThrow(/got 625/);
    const badKey = [...good.key];
    badKey[5] = -3;
    expect(() => MT19937.fromState({ ...good, key: badKey })).toThrow(/key\[5\].*got -3/);
  });
});
