// Row (a): a plain hand-written Float64Array MLP, the yardstick the engine is compared with.
import { createRandom } from './harness.js';

function activate(kind, z, a, n) {
  if (kind === 'tanh') for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
  else if (kind === 'sigmoid') for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
  else if (kind === 'relu') for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
}

function softmaxRows(z, a, rows, cols) {
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (z[off + c] > max) max = z[off + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += a[off + c] = Math.exp(z[off + c] - max);
    for (let c = 0; c < cols; c++) a[off + c] /= sum;
  }
}

/** Multiplies `d` in place by the activation's derivative, written in terms of its output `a` (or input `z`). */
function derivative(kind, z, a, d, n) {
  if (kind === 'tanh') for (let i = 0; i < n; i++) d[i] *= 1 - a[i] * a[i];
  else if (kind === 'sigmoid') for (let i = 0; i < n; i++) d[i] *= a[i] * (1 - a[i]);
  else if (kind === 'relu') for (let i = 0; i < n; i++) if (z[i] <= 0) d[i] = 0;
}

/** A trainer for one task: `epoch()` runs one pass of minibatch SGD over the task's samples, in order. */
export function createPlainMlp(task) {
  const { sizes, batch, samples, learningRate: lr } = task;
  const random = createRandom(3);
  const L = sizes.length - 1;
  const w = [], b = [], dw = [], db = [], z = [], a = [], d = [];
  for (let l = 0; l < L; l++) {
    const fanIn = sizes[l], fanOut = sizes[l + 1];
    const scale = Math.sqrt(2 / fanIn);
    w.push(Float64Array.from({ length: fanIn * fanOut }, () => (random() * 2 - 1) * scale));
    b.push(new Float64Array(fanOut));
    dw.push(new Float64Array(fanIn * fanOut));
    db.push(new Float64Array(fanOut));
    z.push(new Float64Array(batch * fanOut));
    a.push(new Float64Array(batch * fanOut));
    d.push(new Float64Array(batch * fanOut));
  }
  const inputs = sizes[0], outputs = sizes[L];

  function step(x0, y, start, rows) {
    let x = x0, xOff = start * inputs;
    for (let l = 0; l < L; l++) {
      const nIn = sizes[l], nOut = sizes[l + 1], W = w[l], B = b[l], Z = z[l];
      for (let r = 0; r < rows; r++) {
        const xr = xOff + r * nIn;
        for (let o = 0; o < nOut; o++) {
          let s = B[o];
          const wr = o * nIn;
          for (let i = 0; i < nIn; i++) s += x[xr + i] * W[wr + i];
          Z[r * nOut + o] = s;
        }
      }
      if (l === L - 1 && task.output === 'softmax') softmaxRows(Z, a[l], rows, nOut);
      else activate(l === L - 1 ? task.output : task.hidden, Z, a[l], rows * nOut);
      x = a[l];
      xOff = 0;
    }
    const out = a[L - 1], dOut = d[L - 1], yOff = start * outputs;
    for (let k = 0; k < rows * outputs; k++) dOut[k] = out[k] - y[yOff + k];
    if (task.loss === 'squaredError') derivative(task.output, z[L - 1], out, dOut, rows * outputs);
    for (let l = L - 1; l >= 0; l--) {
      const nIn = sizes[l], nOut = sizes[l + 1], D = d[l], DW = dw[l], DB = db[l], W = w[l];
      const X = l === 0 ? x0 : a[l - 1], X0 = l === 0 ? start * inputs : 0;
      DW.fill(0);
      DB.fill(0);
      for (let r = 0; r < rows; r++) {
        const xr = X0 + r * nIn;
        for (let o = 0; o < nOut; o++) {
          const g = D[r * nOut + o];
          DB[o] += g;
          const wr = o * nIn;
          for (let i = 0; i < nIn; i++) DW[wr + i] += g * X[xr + i];
        }
      }
      if (l > 0) {
        const P = d[l - 1];
        P.fill(0, 0, rows * nIn);
        for (let r = 0; r < rows; r++) {
          for (let o = 0; o < nOut; o++) {
            const g = D[r * nOut + o];
            const wr = o * nIn, pr = r * nIn;
            for (let i = 0; i < nIn; i++) P[pr + i] += g * W[wr + i];
          }
        }
        derivative(task.hidden, z[l - 1], a[l - 1], P, rows * nIn);
      }
      for (let k = 0; k < W.length; k++) W[k] -= lr * DW[k];
      const B = b[l];
      for (let k = 0; k < nOut; k++) B[k] -= lr * DB[k];
    }
  }

  return {
    /** The initial weights, `[outputs][inputs]` row-major per layer (copies, taken before any epoch). */
    weights: w.map((W, l) => ({ w: W.slice(), b: b[l].slice() })),
    epoch() {
      for (let start = 0; start < samples; start += batch) step(task.x, task.y, start, Math.min(batch, samples - start));
    },
  };
}
