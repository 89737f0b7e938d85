import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MT19937, Trainer, getPreset, tsDenseKernels, type TrainerOptions } from '../index.js';

const vectorsPath = fileURLToPath(new URL('../../test/reference/seed-vectors.json', import.meta.url));
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as Record<string, Record<string, unknown>>;
const TOL = 1e-9;

function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length);
    expected.forEach((e, k) => expectClose((actual as unknown[])[k], e, `${path}[${k}]`));
    return;
  }
  expect(Math.abs((actual as number) - (expected as number)), `${path}: ${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(TOL);
}

const transpose = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));
const column = (rows: number[][]): number[] => rows.map((r) => r[0]!);

const BACKENDS: [string, TrainerOptions][] = [
  ['default (WASM SIMD)', {}],
  ['TypeScript reference', { kernels: tsDenseKernels }],
];

describe.each(BACKENDS)('seed tutorials reproduce seed-vectors.json to 1e-9 on the %s path', (backend, options) => {
  function trainer(name: string): Trainer {
    const config = getPreset(name);
    if (!config) throw new Error(`no preset ${name}`);
    const t = new Trainer(config, options);
    expect(t.backend).toBe(backend === 'default (WASM SIMD)' ? 'wasm' : 'typescript');
    return t;
  }

  it('000 mavicc-xor: one full-batch step from all-ones weights', () => {
    const v = vectors['000-xor-ones']!;
    const t = trainer('mavicc-xor');
    const trace = t.traceStep('batch');
    expectClose(trace.inputs, v.inputs, 'inputs');
    expectClose(column(trace.targets), v.targets, 'targets');
    expectClose(trace.learningRate, v.learningRate, 'learningRate');
    expectClose(column(trace.outputs), v.outputBefore, 'outputBefore');
    expectClose(trace.lossPerSample, v.errorPerSample, 'errorPerSample');
    expectClose(trace.layers[1]!.dW[0], v.gradOutput, 'gradOutput');
    expectClose(transpose(trace.layers[0]!.dW), v.gradHidden, 'gradHidden');
    expectClose(transpose(trace.layers[0]!.weightsAfter), v.w01After, 'w01After');
    expectClose(trace.layers[1]!.weightsAfter[0], v.w12After, 'w12After');
    t.stepBatch();
    expectClose(column(t.predict(v.inputs as number[][])), v.outputAfter, 'outputAfter');
  });

  it('001 cavar-2-3-2: forward, deltas and one SGD step of 0.1', () => {
    const v = vectors['001-2-3-2-step']!;
    const t = trainer('cavar-2-3-2');
    const trace = t.traceStep(0);
    const [hidden, out] = trace.layers as [NonNullable<(typeof trace.layers)[0]>, NonNullable<(typeof trace.layers)[0]>];
    expectClose(hidden.weights, v.w2, 'w2');
    expectClose(hidden.bias, v.b2, 'b2');
    expectClose(out.weights, v.w3, 'w3');
    expectClose(out.bias, v.b3, 'b3');
    expectClose(trace.inputs[0], v.input, 'input');
    expectClose(trace.targets[0], v.target, 'target');
    expectClose(trace.learningRate, v.stepSize, 'stepSize');
    expectClose(hidden.z[0], v.z2, 'z2');
    expectClose(out.a[0], v.a3, 'a3');
    expectClose(trace.loss, v.cost, 'cost');
    expectClose(out.delta[0], v.delta3, 'delta3');
    expectClose(hidden.delta[0], v.delta2, 'delta2');
    t.stepBatch();
    expectClose(t.predict([v.input as number[]])[0], v.a3After, 'a3After');
  });

  it('MT19937(1) draws the first five np.random.random() values', () => {
    const rng = new MT19937(1);
    expectClose([0, 1, 2, 3, 4].map(() => rng.random()), vectors['mt19937-seed1-first5'], 'first5');
  });

  it('003 punnen-xor: outputs at the start, at iteration 999 and after 1000 updates', () => {
    const v = vectors['003-xor-numpy-seed1']!;
    const t = trainer('punnen-xor');
    const x = [
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
    ];
    expectClose(column(t.predict(x)), v.outputInitial, 'outputInitial');
    t.runEpochs(999);
    expectClose(column(t.predict(x)), v.outputAtIteration999, 'outputAtIteration999');
    t.runEpochs(1);
    expect(t.epoch).toBe(1000);
    expectClose(column(t.predict(x)), v.outputAfter1000Updates, 'outputAfter1000Updates');
    expectClose(t.predict([[1, 0, 1]])[0], v.predict101, 'predict101');
  });

  it('004 mazur-2-2-2: forward pass, error and updated weights with frozen shared biases', () => {
    const v = vectors['004-mazur']!;
    const t = trainer('mazur-2-2-2');
    const trace = t.traceStep(0);
    expectClose(trace.layers[0]!.a[0], v.hiddenOutputs, 'hiddenOutputs');
    expectClose(trace.outputs[0], v.outputs, 'outputs');
    expectClose(trace.loss, v.error, 'error');
    expectClose(trace.layers[1]!.weightsAfter, v.outputWeightsAfter, 'outputWeightsAfter');
    expectClose(trace.layers[0]!.weightsAfter, v.hiddenWeightsAfter, 'hiddenWeightsAfter');
    expectClose(trace.layers[0]!.biasAfter, [0.35], 'hidden bias stays frozen');
    expectClose(trace.layers[1]!.biasAfter, [0.6], 'output bias stays frozen');
  });
});
