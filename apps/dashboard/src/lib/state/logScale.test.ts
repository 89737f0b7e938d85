import { describe, expect, it } from 'vitest';
import { LR_MAX, LR_MIN, LR_SLIDER_STEPS, learningRateToSlider, parseLearningRate, sliderToLearningRate } from './logScale.js';

describe('learning-rate slider', () => {
  it('maps its ends to the range ends', () => {
    expect(sliderToLearningRate(0)).toBe(LR_MIN);
    expect(sliderToLearningRate(LR_SLIDER_STEPS)).toBe(LR_MAX);
  });

  it('round-trips a rate to the same slider position', () => {
    for (const lr of [0.001, 0.03, 0.5, 3]) {
      const pos = learningRateToSlider(lr);
      expect(learningRateToSlider(sliderToLearningRate(pos))).toBe(pos);
      expect(Math.abs(Math.log10(sliderToLearningRate(pos)) - Math.log10(lr))).toBeLessThan(0.01);
    }
  });

  it('clamps rates outside its range', () => {
    expect(learningRateToSlider(1e-12)).toBe(0);
    expect(learningRateToSlider(1e6)).toBe(LR_SLIDER_STEPS);
  });
});

describe('parseLearningRate', () => {
  it('accepts decimal and exponent forms', () => {
    expect(parseLearningRate(' 3e-2 ')).toEqual({ ok: true, value: 0.03 });
    expect(parseLearningRate('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('refuses text, zero, negatives and too-large values with a reason', () => {
    expect(parseLearningRate('fast')).toMatchObject({ ok: false, code: 'not_a_number' });
    expect(parseLearningRate('0')).toMatchObject({ ok: false, code: 'out_of_range' });
    expect(parseLearningRate('-1')).toMatchObject({ ok: false, code: 'out_of_range' });
    expect(parseLearningRate('1e9')).toMatchObject({ ok: false, code: 'out_of_range', message: expect.stringContaining('1000000000') });
    expect(parseLearningRate('')).toMatchObject({ ok: false, code: 'empty' });
  });
});
