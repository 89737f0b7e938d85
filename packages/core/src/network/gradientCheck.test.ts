import { describe, expect, it } from 'vitest';
import { DenseLayer } from '../layers/denseLayer.js';
import { batchLoss } from '../losses/loss.js';
import { outputDelta } from '../losses/outputDelta.js';
import { getLoss } from '../losses/registry.js';
import { MT19937 } from '../rng/mt19937.js';
import type { ActivationName, BiasConfig, LossName, Reduction, RegularizationConfig } from '../contract/config.js';
import { Network } from './network.js';
import { addRegularizationGradient, regularizationPenalty } from './regularization.js';

const H = 1e-6;

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-8);
}

interface Case {
  inputs: number;
  layers: { units: number; activation: ActivationName; bias: BiasConfig }[];
  loss: LossName;
  reduction: Reduction;
  reg: RegularizationConfig;
}

function setUp(c: Case, batch: number) {
  const rng = new MT19937(5);
  let fanIn = c.inputs;
  const layers = c.layers.map((spec) => {
    const layer = new DenseLayer(fanIn, spec.units, spec.activation, spec.bias);
    for (let k = 0; k < layer.w.length; k++) {
      let w = 2 * rng.random() - 1;
      if (Math.abs(w) < 0.05) w += 0.1; // keep L1's kink at 0 out of the finite difference
      layer.w[k] = w;
    }
    for (let k = 0; k < layer.b.length; k++) layer.b[k] = rng.random() - 0.5;
    fanIn = spec.units;
    return layer;
  });
  const net = new Network(c.inputs, layers);
  const ws = net.createWorkspace(batch);
  for (let k = 0; k < batch * c.inputs; k++) ws.x[k] = 2 * rng.random() - 1;
  const outputs = net.outputs;
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < outputs; j++) {
      ws.y[r * outputs + j] =
        c.loss === 'categoricalCrossEntropy' ? (j === r % outputs ? 1 : 0) : c.loss === 'binaryCrossEntropy' ? (rng.random() < 0.5 ? 0 : 1) : rng.random();
    }
  }
  const loss = getLoss(c.loss);
  const scale = c.reduction === 'mean' ? 1 / batch : 1;
  const value = (): number => {
    const a = net.forward(ws, batch);
    return batchLoss(loss, a, ws.y, batch, outputs) * scale + regularizationPenalty(net.layers, c.reg);
  };
  const gradients = (): void => {
    const a = net.forward(ws, batch);
    const last = net.layers.length - 1;
    outputDelta(loss, net.layers[last]!.activation, ws.z[last]!, a, ws.y, ws.d[last]!, batch, outputs, scale);
    net.backward(ws, batch);
    addRegularizationGradient(net.layers, c.reg);
  };
  return { net, value, gradients };
}

function checkCase(c: Case): void {
  const batch = 4;
  const { net, value, gradients } = setUp(c, batch);
  gradients();
  let checked = 0;
  net.layers.forEach((layer, l) => {
    for (const [params, grads, label] of [
      [layer.w, layer.dw, 'w'],
      [layer.b, layer.db, 'b'],
    ] as const) {
      for (let k = 0; k < params.length; k++) {
        const keep = params[k]!;
        params[k] = keep + H;
        const plus = value();
        params[k] = keep - H;
        const minus = value();
        params[k] = keep;
        const numeric = (plus - minus) / (2 * H);
        expect(relativeError(numeric, grads[k]!), `layer ${l} ${label}[${k}]: numeric ${numeric}, analytic ${grads[k]}`).toBeLessThan(1e-6);
        checked++;
      }
    }
  });
  expect(checked).toBe(net.parameterCount);
}

const tanhHidden = (units: number, bias: BiasConfig = { kind: 'perNeuron' }) => ({ units, activation: 'tanh' as const, bias });
const none: RegularizationConfig = { kind: 'none' };

describe('dense layers and whole networks pass a central-difference gradient check (relative error < 1e-6)', () => {
  const biasModes: [string, BiasConfig][] = [
    ['per-neuron', { kind: 'perNeuron' }],
    ['no', { kind: 'none' }],
    ['shared trainable', { kind: 'shared', value: 0.3, trainable: true }],
    ['shared frozen', { kind: 'shared', value: 0.3, trainable: false }],
  ];
  for (const [label, bias] of biasModes) {
    it(`a dense sigmoid layer with ${label} bias: weights and bias`, () => {
      checkCase({ inputs: 3, layers: [{ units: 4, activation: 'sigmoid', bias }], loss: 'squaredError', reduction: 'sum', reg: none });
    });
  }

  it('L2 regularization adds rate·w to the weight gradient', () => {
    checkCase({ inputs: 3, layers: [tanhHidden(4), { units: 1, activation: 'linear', bias: { kind: 'perNeuron' } }], loss: 'squaredError', reduction: 'mean', reg: { kind: 'l2', rate: 0.3 } });
  });

  it('L1 regularization adds rate·sign(w) to the weight gradient', () => {
    checkCase({ inputs: 3, layers: [tanhHidden(4), { units: 1, activation: 'linear', bias: { kind: 'perNeuron' } }], loss: 'squaredError', reduction: 'sum', reg: { kind: 'l1', rate: 0.2 } });
  });

  it('a 4-layer network with every hidden activation, softmax and categorical cross-entropy', () => {
    checkCase({
      inputs: 3,
      layers: [
        { units: 5, activation: 'tanh', bias: { kind: 'perNeuron' } },
        { units: 4, activation: 'sigmoid', bias: { kind: 'shared', value: 0.1, trainable: true } },
        { units: 4, activation: 'leakyRelu', bias: { kind: 'none' } },
        { units: 3, activation: 'softmax', bias: { kind: 'perNeuron' } },
      ],
      loss: 'categoricalCrossEntropy',
      reduction: 'mean',
      reg: { kind: 'l2', rate: 0.01 },
    });
  });

  it('a relu network with a sigmoid output and binary cross-entropy', () => {
    checkCase({
      inputs: 2,
      layers: [
        { units: 6, activation: 'relu', bias: { kind: 'perNeuron' } },
        { units: 6, activation: 'linear', bias: { kind: 'perNeuron' } },
        { units: 1, activation: 'sigmoid', bias: { kind: 'perNeuron' } },
      ],
      loss: 'binaryCrossEntropy',
      reduction: 'sum',
      reg: none,
    });
  });
});
