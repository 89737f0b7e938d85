// The three bench tasks with fixed seeds: shapes, data and the work of one unit (an epoch or a batch).
import { createRandom } from './harness.js';

/** 2·3·Σ in·out: forward, weight-gradient and input-gradient multiply-adds of one sample. */
export function flopsPerSample(sizes) {
  let s = 0;
  for (let l = 1; l < sizes.length; l++) s += sizes[l - 1] * sizes[l];
  return 6 * s;
}

function spiralData(n, random) {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const label = k % 2;
    const r = ((k >> 1) / (n / 2)) * 5;
    const t = 1.75 * ((k >> 1) / (n / 2)) * 2 * Math.PI + label * Math.PI;
    x[2 * k] = r * Math.sin(t) + (random() - 0.5) * 0.2;
    x[2 * k + 1] = r * Math.cos(t) + (random() - 0.5) * 0.2;
    y[k] = label;
  }
  return { x, y };
}

function wideData(n, inputs, classes, random) {
  const x = new Float64Array(n * inputs);
  for (let i = 0; i < x.length; i++) x[i] = random();
  const y = new Float64Array(n * classes);
  for (let k = 0; k < n; k++) y[k * classes + Math.floor(random() * classes)] = 1;
  return { x, y };
}

/**
 * Each task: `sizes`, activations, loss, learning rate, `batch` (samples per update), `samples` per epoch,
 * `unit` ('epoch' for xor, rated in epochs/s; 'sample' otherwise) and the data.
 */
export function createTasks() {
  const spiral = spiralData(2000, createRandom(7));
  const wide = wideData(4096, 784, 10, createRandom(11));
  return [
    {
      name: 'spiral', sizes: [2, 16, 16, 1], hidden: 'tanh', output: 'sigmoid', loss: 'squaredError',
      learningRate: 0.03, batch: 10, samples: 2000, unit: 'sample', x: spiral.x, y: spiral.y,
    },
    {
      name: 'xor', sizes: [3, 5, 1], hidden: 'sigmoid', output: 'sigmoid', loss: 'squaredError',
      learningRate: 3, batch: 4, samples: 4, unit: 'epoch',
      x: Float64Array.of(0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1), y: Float64Array.of(0, 1, 1, 0),
    },
    {
      name: 'wide', sizes: [784, 128, 10], hidden: 'relu', output: 'softmax', loss: 'categoricalCrossEntropy',
      learningRate: 0.01, batch: 64, samples: 4096, unit: 'sample', x: wide.x, y: wide.y,
    },
  ];
}
