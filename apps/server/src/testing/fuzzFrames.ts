/** Seeded generators of valid and malformed client frames for the fuzz test. */
export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, so a failing fuzz run can be replayed from its seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

export function validFrame(rng: Rng): unknown {
  const activations = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];
  return pick(rng, [
    () => ({ type: 'change', change: { what: 'learningRate', value: 0.001 + rng() * 0.5 } }),
    () => ({ type: 'change', change: { what: 'batchSize', value: pick(rng, [0, 1, 10, 32]) } }),
    () => ({ type: 'change', change: { what: 'activation', layer: Math.floor(rng() * 3), value: pick(rng, activations) } }),
    () => ({ type: 'change', change: { what: 'addNeuron', layer: Math.floor(rng() * 2) } }),
    () => ({ type: 'change', change: { what: 'removeNeuron', layer: Math.floor(rng() * 2), neuron: Math.floor(rng() * 10) } }),
    () => ({ type: 'change', change: { what: 'regularization', value: { kind: 'l2', rate: rng() * 0.01 } } }),
    () => ({ type: 'change', change: { what: 'optimizer', value: { kind: 'momentum', learningRate: 0.05, momentum: 0.9 } } }),
    () => ({ type: 'change', change: { what: 'dataset', value: { kind: 'xor', samples: 200, noise: rng() * 0.5, testFraction: 0.3, seed: Math.floor(rng() * 100) } } }),
    () => ({ type: 'control', command: { action: pick(rng, ['play', 'pause']) } }),
    () => ({ type: 'control', command: { action: 'step', unit: pick(rng, ['batch', 'epoch']) } }),
    () => ({ type: 'control', command: { action: 'reset', mode: pick(rng, ['reinit', 'replay']) } }),
    () => ({ type: 'speed', epochsPerSecond: pick(rng, [null, 50, 200]) }),
    () => ({ type: 'setName', name: `fuzzer ${Math.floor(rng() * 1000)}` }),
    () => ({ type: 'requestHistory', from: 0, to: Math.floor(rng() * 500), resolution: 1 + Math.floor(rng() * 200) }),
    () => ({ type: 'requestTrace', sample: Math.floor(rng() * 300) }),
    () => ({ type: 'rollback' }),
  ])();
}

export function malformedFrame(rng: Rng): string | Buffer {
  return pick(rng, [
    () => '{"type":"change","change":{"what":"learningRate"',
    () => Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256))),
    () => JSON.stringify({ type: pick(rng, ['', 'HELLO', 'drop', '__proto__', 'constructor']) }),
    () => JSON.stringify({ type: 'change', change: { what: 'learningRate', value: pick(rng, [-1, 0, 1e308, '0.1', null]) } }),
    () => JSON.stringify({ type: 'change', change: { what: 'addLayer', index: 0, units: 1e6, activation: 'relu' } }),
    () => JSON.stringify({ type: 'change', change: { what: 'removeLayer', index: 15 } }),
    () => JSON.stringify({ type: 'speed', epochsPerSecond: pick(rng, [-5, 0, 'fast', 1e9]) }),
    () => JSON.stringify({ type: 'control', command: { action: pick(rng, ['explode', 'step']) } }),
    () => JSON.stringify({ type: 'setName', name: pick(rng, ['', 'x'.repeat(500), 'a\u0000b', 42]) }),
    () => JSON.stringify({ type: 'requestHistory', from: -1, to: 'end', resolution: 0 }),
    () => JSON.stringify({ type: 'join', sessionId: 'x'.repeat(1000) }),
    () => JSON.stringify(Array.from({ length: 50 }, () => ({ type: 'hello' }))),
    () => '['.repeat(2000) + ']'.repeat(2000),
    () => JSON.stringify({ type: 'hello', protocol: 1, __proto__: { polluted: true } }),
    () => 'null',
  ])();
}
