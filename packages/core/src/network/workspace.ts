import { allocateFloat64, type Allocate } from '../layers/allocate.js';
import type { DenseLayer } from '../layers/denseLayer.js';

/**
 * Batch-sized buffers for one network shape: allocated once, reused by every step.
 * `x` is `[capacity][inputs]`, `y` `[capacity][outputs of the last layer]`; per layer `z`, `a`
 * and `d` (`∂L/∂z`) are `[capacity][layer outputs]`.
 */
export class Workspace {
  readonly capacity: number;
  /** The {@link Network.shapeVersion} these buffers were sized for. */
  readonly shapeVersion: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array[] = [];
  readonly a: Float64Array[] = [];
  readonly d: Float64Array[] = [];

  constructor(inputs: number, layers: readonly DenseLayer[], capacity: number, shapeVersion: number, allocate: Allocate = allocateFloat64) {
    this.capacity = capacity;
    this.shapeVersion = shapeVersion;
    this.x = allocate(capacity * inputs);
    const outputs = layers.length > 0 ? layers[layers.length - 1]!.outputs : 0;
    this.y = allocate(capacity * outputs);
    for (const layer of layers) {
      this.z.push(allocate(capacity * layer.outputs));
      this.a.push(allocate(capacity * layer.outputs));
      this.d.push(allocate(capacity * layer.outputs));
    }
  }
}
