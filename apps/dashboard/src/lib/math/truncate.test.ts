import { describe, expect, it } from 'vitest';
import { matrixWindow, moreLabel, serverLimitLabel } from './truncate.js';

const shape = (rows: number, cols: number) => ({ rows, cols });

describe('matrixWindow', () => {
  it('shows a small matrix whole', () => {
    expect(matrixWindow(shape(2, 3), shape(2, 3))).toEqual({ rows: 2, cols: 3, hiddenRows: 0, hiddenCols: 0, atServerLimit: false });
  });
  it('cuts a large layer to 16×16 and counts what it hides', () => {
    expect(matrixWindow(shape(1024, 20), shape(64, 20))).toEqual({ rows: 16, cols: 16, hiddenRows: 1008, hiddenCols: 4, atServerLimit: false });
  });
  it('honours a larger window when expanded', () => {
    expect(matrixWindow(shape(100, 10), shape(64, 10), 64)).toEqual({ rows: 64, cols: 10, hiddenRows: 36, hiddenCols: 0, atServerLimit: true });
  });
  it('counts hidden cells of a clipped block from its true size, not from what was sent', () => {
    expect(matrixWindow(shape(128, 784), shape(64, 64))).toMatchObject({ rows: 16, cols: 16, hiddenRows: 112, hiddenCols: 768 });
  });
  it('never draws past what the server sent, and flags a block whose every sent row is drawn', () => {
    expect(matrixWindow(shape(256, 256), shape(64, 64), 64)).toEqual({ rows: 64, cols: 64, hiddenRows: 192, hiddenCols: 192, atServerLimit: true });
    expect(matrixWindow(shape(256, 256), shape(64, 64), 100)).toMatchObject({ rows: 64, cols: 64 });
    expect(matrixWindow(shape(1024, 1024), shape(12, 12))).toEqual({ rows: 12, cols: 12, hiddenRows: 1012, hiddenCols: 1012, atServerLimit: true });
    expect(matrixWindow(shape(1, 256), shape(1, 64), 64).atServerLimit).toBe(true);
  });
  it('does not flag a whole matrix, however small', () => {
    expect(matrixWindow(shape(5, 5), shape(5, 5), 64).atServerLimit).toBe(false);
    expect(matrixWindow(shape(40, 7), shape(40, 7), 64).atServerLimit).toBe(false);
  });
});

describe('labels', () => {
  it('says how many are hidden', () => expect(moreLabel(1008)).toBe('+1008 more'));
  it('is empty when nothing is hidden', () => expect(moreLabel(0)).toBe(''));
  it('says what the server sends', () => expect(serverLimitLabel(64)).toBe('the server sends at most 64×64 of each matrix'));
});
