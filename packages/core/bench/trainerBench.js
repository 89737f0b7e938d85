// Rows (b) and (c): the core Trainer on a task, with the TypeScript or the WASM kernels.
import { Trainer, getPreset } from '../dist/index.js';
import { createWasmKernels } from '../dist/kernels/wasmKernels.js';

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
 * Routes tanh and sigmoid layers' forward maps to the SIMD activations, as the engine would once wired.
 * Reaches into the Trainer's private state: a bench, not an API.
 */
function useWasmActivations(trainer, wasm) {
  for (const layer of trainer.state.network.layers) {
    const simd = wasm.activations[layer.activation.name];
    if (simd) layer.activation = { ...layer.activation, forward: (z, a, batch, width) => simd(z, a, batch * width) };
  }
}

/**
 * One epoch of `task` through the Trainer. `kind`: 'ts' as shipped; 'wasm' the SIMD dense kernels with every
 * buffer allocated in wasm memory (`TrainerOptions.allocate`); 'wasm-act' those plus the SIMD tanh/sigmoid.
 */
export function createTrainerEpoch(task, kind) {
  const wasm = kind === 'ts' ? undefined : createWasmKernels();
  const trainer = new Trainer(configFor(task), wasm ? { kernels: wasm.kernels, allocate: wasm.alloc } : {});
  if (kind === 'wasm-act') useWasmActivations(trainer, wasm);
  return () => {
    trainer.runEpochs(1);
  };
}
