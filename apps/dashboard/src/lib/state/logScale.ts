import { LIMITS } from '@liveprop/core';

/** The learning-rate slider spans 1e-6 … LIMITS.maxLearningRate on a log scale. */
export const LR_MIN = 1e-6;
export const LR_MAX: number = LIMITS.maxLearningRate;
/** Slider positions 0 … LR_SLIDER_STEPS. */
export const LR_SLIDER_STEPS = 1000;

/** Slider position → learning rate, rounded to 3 significant digits so the exact input shows a tidy number. */
export function sliderToLearningRate(position: number): number {
  const t = Math.min(1, Math.max(0, position / LR_SLIDER_STEPS));
  const lr = LR_MIN * (LR_MAX / LR_MIN) ** t;
  return Number(lr.toPrecision(3));
}

/** Learning rate → nearest slider position (clamped to the slider's range). */
export function learningRateToSlider(lr: number): number {
  if (!(lr > 0)) return 0;
  const t = Math.log(lr / LR_MIN) / Math.log(LR_MAX / LR_MIN);
  return Math.round(Math.min(1, Math.max(0, t)) * LR_SLIDER_STEPS);
}

export type ParsedNumber = { ok: true; value: number } | { ok: false; code: string; message: string };

/** Parses what a person typed into the exact learning-rate box. Accepts `0.03`, `3e-2`, `.5`. */
export function parseLearningRate(text: string): ParsedNumber {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, code: 'empty', message: 'enter a learning rate' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, code: 'not_a_number', message: `"${trimmed}" is not a number` };
  if (value <= 0) return { ok: false, code: 'out_of_range', message: `learning rate must be > 0, got ${value}` };
  if (value > LR_MAX) {
    return { ok: false, code: 'out_of_range', message: `learning rate must be ≤ ${LR_MAX}, got ${value}` };
  }
  return { ok: true, value };
}
