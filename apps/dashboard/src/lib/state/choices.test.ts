import { describe, expect, it } from 'vitest';
import { choicesWith } from './choices.js';

describe('choicesWith', () => {
  it('adds a value the list lacks in its place, and leaves a list that has it as it is', () => {
    expect(choicesWith([0.0001, 0.001, 0.003], 0.0003)).toEqual([0.0001, 0.0003, 0.001, 0.003]);
    expect(choicesWith([0, 1, 10, 32], 64)).toEqual([0, 1, 10, 32, 64]);
    expect(choicesWith([0, 1, 10], 10)).toEqual([0, 1, 10]);
  });
});
