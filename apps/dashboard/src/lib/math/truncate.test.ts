import { describe, expect, it } from 'vitest';
import { matrixWindow, moreLabel } from './truncate.js';

describe('matrixWindow', () => {
  it('shows a small matrix whole', () => {
    expect(matrixWindow(2, 3)).toEqual({ rows: 2, cols: 3, hiddenRows: 0, hiddenCols: 0 });
  });
  it('cuts a large layer to 16×16 and counts what it hides', () => {
    expect(matrixWindow(1024, 20)).toEqual({ rows: 16, cols: 16, hiddenRows: 1008, hiddenCols: 4 });
  });
  it('honours a larger window when expanded', () => {
    expect(matrixWindow(100, 10, 64)).toEqual({ rows: 64, cols: 10, hiddenRows: 36, hiddenCols: 0 });
  });
});

describe('moreLabel', () => {
  it('says how many are hidden', () => expect(moreLabel(1008)).toBe('+1008 more'));
  it('is empty when nothing is hidden', () => expect(moreLabel(0)).toBe(''));
});
