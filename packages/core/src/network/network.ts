import { biasGradient, type DenseLayer } from '../layers/denseLayer.js';
import { tsDenseKernels, type DenseKernels } from '../layers/denseKernels.js';
import { Workspace } from './workspace.js';
import { allocateFloat64, releaseNothing, type Allocate, type Release } from '../layers/allocate.js';

/** A stack of dense layers; the math of a forward and a backward pass over a {@link Workspace}. */
export class Network {
  inputs: number;
  readonly layers: DenseLayer[];
  readonly kernels: DenseKernels;
  /** Allocates every parameter and workspace buffer, including those of later topology edits. */
  readonly allocate: Allocate;
  /** Returns buffers of replaced layers and workspaces to {@link allocate}. */
  readonly release: Release;
  /** Rises on every topology change so stale workspaces can be detected. */
  shapeVersion = 0;

  constructor(
    inputs: number,
    layers: DenseLayer[],
    kernels: DenseKernels = tsDenseKernels,
    allocate: Allocate = allocateFloat64,
    release: Release = releaseNothing,
  ) {
    for (let l = 0; l < layers.length; l++) {
      const expected = l === 0 ? inputs : layers[l - 1]!.outputs;
      if (layers[l]!.inputs !== expected) {
        throw new RangeError(`layer ${l} takes ${layers[l]!.inputs} inputs, expected ${expected} from the layer before`);
      }
    }
    this.inputs = inputs;
    this.layers = layers;
    this.kernels = kernels;
    this.allocate = allocate;
    this.release = release;
  }

  get outputs(): number {
    return this.layers[this.layers.length - 1]!.outputs;
  }

  /** Total parameter count (weights and biases). */
  get parameterCount(): number {
    let n = 0;
    for (const layer of this.layers) n += layer.parameterCount;
    return n;
  }

  /** Buffers for batches of up to `capacity` samples of this shape. */
  createWorkspace(capacity: number): Workspace {
    return new Workspace(this.inputs, this.layers, capacity, this.shapeVersion, this.allocate);
  }

  /** Forward pass of the first `batch` rows of `x` (default `ws.x`); the output is `ws.a[last]`. */
  forward(ws: Workspace, batch: number, x: Float64Array = ws.x): Float64Array {
    const layers = this.layers;
    let input = x;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const z = ws.z[l]!;
      const a = ws.a[l]!;
      const kernels = this.kernels;
      kernels.denseForward(layer.w, layer.b, input, z, batch, layer.inputs, layer.outputs);
      const activation = layer.activation;
      if (kernels.activationForward?.(activation.name, z, a, batch * layer.outputs) !== true) {
        activation.forward(z, a, batch, layer.outputs);
      }
      input = a;
    }
    return ws.a[layers.length - 1]!;
  }

  /**
   * Backward pass after {@link forward} of the same `x`: expects `ws.d[last] = ∂L/∂z` of the output layer and
   * fills every layer's `dw`/`db` (overwritten, before regularization) and the hidden `ws.d`.
   */
  backward(ws: Workspace, batch: number, x: Float64Array = ws.x): void {
    const layers = this.layers;
    for (let l = layers.length - 1; l >= 0; l--) {
      const layer = layers[l]!;
      const d = ws.d[l]!;
      const input = l === 0 ? x : ws.a[l - 1]!;
      this.kernels.denseBackwardWeights(d, input, layer.dw, batch, layer.inputs, layer.outputs);
      biasGradient(d, layer.db, batch, layer.outputs);
      if (l > 0) {
        const below = layers[l - 1]!;
        const dBelow = ws.d[l - 1]!;
        this.kernels.denseBackwardInput(layer.w, d, dBelow, batch, layer.inputs, layer.outputs);
        below.activation.backward(ws.z[l - 1]!, ws.a[l - 1]!, dBelow, batch, below.outputs);
      }
    }
  }

  /** Gives a layer's buffers back to the allocator; the layer must no longer be part of this network. */
  releaseLayer(layer: DenseLayer): void {
    for (const view of [layer.w, layer.dw, layer.wM, layer.wV, layer.b, layer.db, layer.bM, layer.bV]) this.release(view);
  }

  /** Gives a workspace's buffers back to the allocator; the workspace must not be used afterwards. */
  releaseWorkspace(ws: Workspace): void {
    this.release(ws.x);
    this.release(ws.y);
    for (const views of [ws.z, ws.a, ws.d]) for (const view of views) this.release(view);
  }
}
