import type { LayerConfig } from '../contract/config.js';
import type { Preset } from './preset.js';
import { XOR_WITH_BIAS_INPUT, fixedData, tutorialTraining } from './tutorialData.js';

const sigmoidNoBias = (units: number): LayerConfig => ({ units, activation: 'sigmoid', bias: { kind: 'none' } });

/** Presets that reproduce the seed tutorials number for number. */
export const TUTORIAL_PRESETS: readonly Preset[] = [
  {
    name: 'mavicc-xor',
    title: 'XOR by hand, all weights 1',
    description:
      'Seed 000: 3-5-1 sigmoid, bias folded into a constant third input, loss Σ½(a−y)², learning rate 3, every weight starting at 1, full batch. ' +
      'Equal weights keep the five hidden neurons identical, so it stalls at 50 % accuracy; Reset (reinit) brings back the same ones; add two hidden neurons (+ twice): their random weights break the symmetry.',
    config: () => ({
      name: 'mavicc-xor',
      seed: 0,
      dataset: fixedData(
        [
          [1, 1, 1],
          [1, 0, 1],
          [0, 1, 1],
          [0, 0, 1],
        ],
        [[0], [1], [1], [0]],
      ),
      network: { inputs: 3, layers: [sigmoidNoBias(5), sigmoidNoBias(1)], init: { kind: 'constant', value: 1 } },
      training: tutorialTraining(3),
    }),
  },
  {
    name: 'cavar-2-3-2',
    title: 'One step through a 2-3-2 network',
    description: 'Seed 001: column-vector convention W[out][in], sigmoid with biases, one SGD step of 0.1 on input [1.2, 0.7] with target [0, 1].',
    config: () => ({
      name: 'cavar-2-3-2',
      seed: 1,
      dataset: fixedData([[1.2, 0.7]], [[0, 1]]),
      network: {
        inputs: 2,
        layers: [
          { units: 3, activation: 'sigmoid', bias: { kind: 'perNeuron' } },
          { units: 2, activation: 'sigmoid', bias: { kind: 'perNeuron' } },
        ],
        init: { kind: 'xavier' },
        weights: [
          { weights: [[-0.124, 0.871], [0.692, -0.036], [0.455, 1.239]], bias: [-0.923, 0.02, -2.918] },
          { weights: [[-0.006, 0.295, 0.207], [0.126, 0.399, -0.637]], bias: [-0.07, 1.912] },
        ],
      },
      training: tutorialTraining(0.1),
    }),
  },
  {
    name: 'cavar-xor',
    title: 'XOR with a hidden layer, NumPy seed 1',
    description: 'Seed 002: 3-4-1 sigmoid without biases, weights np.random.random scaled by √(2/fan-in) after np.random.seed(1), learning rate 1, full batch.',
    config: () => ({
      name: 'cavar-xor',
      seed: 1,
      dataset: fixedData(XOR_WITH_BIAS_INPUT.inputs, XOR_WITH_BIAS_INPUT.targets, 1),
      network: { inputs: 3, layers: [sigmoidNoBias(4), sigmoidNoBias(1)], init: { kind: 'numpyRandom', scaleByFanIn: true } },
      training: tutorialTraining(1),
    }),
  },
  {
    name: 'punnen-xor',
    title: 'XOR in NumPy, 1000 iterations',
    description: 'Seed 003: 3-4-1 sigmoid without biases, weights np.random.random after np.random.seed(1), learning rate 1, full batch; outputs after 1000 updates match the tutorial.',
    config: () => ({
      name: 'punnen-xor',
      seed: 1,
      dataset: fixedData(XOR_WITH_BIAS_INPUT.inputs, XOR_WITH_BIAS_INPUT.targets, 1),
      network: { inputs: 3, layers: [sigmoidNoBias(4), sigmoidNoBias(1)], init: { kind: 'numpyRandom' } },
      training: tutorialTraining(1),
    }),
  },
  {
    name: 'mazur-2-2-2',
    title: 'Mazur’s step-by-step backpropagation',
    description: 'Seed 004: 2-2-2 sigmoid, one frozen shared bias per layer (0.35, 0.60), the article’s weights, learning rate 0.5 on input [0.05, 0.1] with target [0.01, 0.99].',
    config: () => ({
      name: 'mazur-2-2-2',
      seed: 4,
      dataset: fixedData([[0.05, 0.1]], [[0.01, 0.99]]),
      network: {
        inputs: 2,
        layers: [
          { units: 2, activation: 'sigmoid', bias: { kind: 'shared', value: 0.35, trainable: false } },
          { units: 2, activation: 'sigmoid', bias: { kind: 'shared', value: 0.6, trainable: false } },
        ],
        init: { kind: 'xavier' },
        weights: [
          { weights: [[0.15, 0.2], [0.25, 0.3]], bias: [0.35] },
          { weights: [[0.4, 0.45], [0.5, 0.55]], bias: [0.6] },
        ],
      },
      training: tutorialTraining(0.5),
    }),
  },
];
