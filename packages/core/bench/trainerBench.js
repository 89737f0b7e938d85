// Rows (b) and (c): the core Trainer on a task, with the TypeScript reference or as shipped (WASM).
import { Trainer, getPreset, tsDenseKernels } from '../dist/index.js';

const perNeuron = { kind: 'perNeuron' };

function configFor(task) {
  if (task.name === 'xor') return getPreset('mavicc-xor');
  const [inputs, ...units] = task.sizes;
  const layers = units.map((n, l) => ({ units: n, activation: l === units.length - 1 ? task.output : task.hidden, bias: perNeuron }));
  const dataset = task.name === 'spiral'
    ? { kind: 'spiral', samples: task.samples, noise: 0, testFraction: 0, seed: 1 }
    : {
        kind: 'fixed', samples: task.samples, noise: 0, testFraction: 0, seed: 1,
        fixed: {
          inputs: Array.from({ length: task.samples }, (_, k) => Array.from(task.x.subarray(k * inputs, (k + 1) * inputs))),
          targets: Array.from({ length: task.samples }, (_, k) => Array.from(task.y.subarray(k * 10, (k + 1) * 10))),
        },
      };
  return {
    seed: 1,
    dataset,
    network: { inputs, layers, init: { kind: task.hidden === 'relu' ? 'he' : 'xavier' } },
    training: {
      loss: task.loss, reduction: 'mean', optimizer: { kind: 'sgd', learningRate: task.learningRate },
      batchSize: task.batch, regularization: { kind: 'none' }, shuffle: false,
    },
  };
}

/**
 * One epoch of `task` through the Trainer. `kind`: 'ts' the TypeScript reference (`{ kernels: tsDenseKernels }`);
 * 'default' as `new Trainer(config)` ships (WASM SIMD kernels and tanh/sigmoid, buffers in wasm memory).
 */
export function createTrainerEpoch(task, kind) {
  const trainer = new Trainer(configFor(task), kind === 'ts' ? { kernels: tsDenseKernels } : {});
  if (kind === 'default' && trainer.backend !== 'wasm') throw new Error(`expected the wasm backend, got ${trainer.backend}`);
  const epoch = () => {
    trainer.runEpochs(1);
  };
  // How the server drives a trainer: whole slices of epochs per call (`runFor`/`runEpochs(n)`), not one call an epoch.
  epoch.many = (n) => {
    trainer.runEpochs(n);
  };
  return epoch;
}
