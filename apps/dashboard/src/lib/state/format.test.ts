import { describe, expect, it } from 'vitest';
import { countOf, describeHiddenLayers, formatChangeValue, formatLearningRate, formatMetric, formatPercent, formatTick } from './format.js';

describe('formatMetric', () => {
  it('shows four significant digits', () => expect(formatMetric(0.123456)).toBe('0.1235'));
  it('switches to exponent form for tiny values', () => expect(formatMetric(0.0000123)).toBe('1.230e-5'));
  it('names non-finite values', () => {
    expect(formatMetric(Number.NaN)).toBe('NaN');
    expect(formatMetric(Infinity)).toBe('∞');
    expect(formatMetric(null)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows one decimal', () => expect(formatPercent(0.9876)).toBe('98.8%'));
  it('shows a dash for regression', () => expect(formatPercent(null)).toBe('—'));
});

describe('formatLearningRate', () => {
  it('removes float noise', () => expect(formatLearningRate(0.1 + 0.2)).toBe('0.3'));
  it('keeps small rates exact', () => expect(formatLearningRate(0.0003)).toBe('0.0003'));
});

describe('formatChangeValue', () => {
  it('summarises a tagged object by its kind and fields', () => {
    expect(formatChangeValue({ kind: 'adam', learningRate: 0.01 })).toBe('adam (learningRate 0.01)');
  });
  it('lists arrays', () => expect(formatChangeValue([2, 4, 1])).toBe('[2, 4, 1]'));
});

describe('formatTick', () => {
  it('keeps ticks short', () => {
    expect(formatTick(0.1)).toBe('0.1');
    expect(formatTick(0.0001)).toBe('1e-4');
    expect(formatTick(0.00025)).toBe('2.5e-4');
    expect(formatTick(250000)).toBe('2.5e5');
    expect(formatTick(12.345)).toBe('12.3');
  });
});

describe('countOf', () => {
  it('says "1 session" and "0 sessions", "50 sessions"', () => {
    expect([0, 1, 50].map((n) => countOf(n, 'session'))).toEqual(['0 sessions', '1 session', '50 sessions']);
  });
});

describe('describeHiddenLayers', () => {
  it('tells the number of layers from their widths: one layer of 8 is not "8 layers"', () => {
    expect(describeHiddenLayers([8])).toBe('1 hidden layer · 8 neurons');
    expect(describeHiddenLayers([1])).toBe('1 hidden layer · 1 neuron');
    expect(describeHiddenLayers([16, 16])).toBe('2 hidden layers · 16, 16 neurons');
    expect(describeHiddenLayers([])).toBe('No hidden layers');
  });
});
