import type { Rng } from '../rng/rng.js';
import { shuffleInPlace } from '../rng/shuffle.js';

/** Row indices of each split, in the shuffled order the rows are stored in. */
export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/** Rows held out for test: `round(count · testFraction)`, leaving at least one row to train on. */
export function testCountOf(count: number, testFraction: number): number {
  return Math.max(0, Math.min(Math.round(count * testFraction), count - 1));
}

/**
 * Shuffles `0..count-1` with `rng` and cuts it: the first rows are test, the rest train.
 * Storing rows shuffled also means a trainer that does not shuffle never sees one class in a block.
 */
export function splitRows(count: number, testFraction: number, rng: Rng): Split {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  shuffleInPlace(order, rng);
  const testCount = testCountOf(count, testFraction);
  return { test: order.subarray(0, testCount), train: order.subarray(testCount) };
}

/** `count` class indices, as balanced as `count` allows (`i mod classes`), shuffled with `rng`. */
export function shuffledClasses(count: number, classes: number, rng: Rng): Float64Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i % classes;
  shuffleInPlace(order, rng);
  return Float64Array.from(order);
}

/** Every row in order, for data used whole for training (the tutorials). */
export function trainOnly(count: number): Split {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return { train: order, test: new Uint32Array(0) };
}
