// Row (d): the three dense kernels alone, over one epoch's batches of a task, with no activations or updates.
import { tsDenseKernels } from '../dist/layers/denseKernels.js';

/**
 * Buffers for `task` and a function running one epoch of forward + both backward kernels (no input gradient
 * into the first layer, as a network skips it). `alloc` places the buffers (wasm memory for the SIMD kernels).
 */
export function createKernelEpoch(task, kernels = tsDenseKernels, alloc = (n) => new Float64Array(n)) {
  const { sizes, batch, samples } = task;
  const L = sizes.length - 1;
  const fill = (view) => {
    for (let i = 0; i < view.length; i++) view[i] = Math.sin(i * 12.9898) * 0.5;
    return view;
  };
  const x = alloc(batch * sizes[0]);
  const layers = [];
  for (let l = 0; l < L; l++) {
    const nIn = sizes[l], nOut = sizes[l + 1];
    layers.push({
      nIn, nOut, w: fill(alloc(nIn * nOut)), b: fill(alloc(nOut)), dw: alloc(nIn * nOut),
      z: alloc(batch * nOut), d: fill(alloc(batch * nOut)),
    });
  }
  const batches = Math.ceil(samples / batch);
  return () => {
    for (let k = 0; k < batches; k++) {
      let input = x;
      for (let l = 0; l < L; l++) {
        const layer = layers[l];
        kernels.denseForward(layer.w, layer.b, input, layer.z, batch, layer.nIn, layer.nOut);
        input = layer.z;
      }
      for (let l = L - 1; l >= 0; l--) {
        const layer = layers[l];
        kernels.denseBackwardWeights(layer.d, l === 0 ? x : layers[l - 1].z, layer.dw, batch, layer.nIn, layer.nOut);
        if (l > 0) kernels.denseBackwardInput(layer.w, layer.d, layers[l - 1].d, batch, layer.nIn, layer.nOut);
      }
    }
  };
}
