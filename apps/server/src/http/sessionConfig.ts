import { PRESET_NAMES, Trainer, getPreset, type ExperimentConfig, type Result } from '@liveprop/core';
import { configWithModel } from './modelConfig.js';

/** What `POST /api/sessions` resolved to: a validated config and a display name. */
export interface SessionRequest {
  config: ExperimentConfig;
  name: string;
  /** The speed limit to start with, epochs per second (`null`: as fast as it goes); absent leaves the default. */
  speed?: number | null;
}

/** Reads an optional `speed` like the socket's `speed` message: positive, at most 100000, or null. */
function readSpeed(speed: unknown): Result<number | null | undefined> {
  if (speed === undefined || speed === null) return { ok: true, value: speed };
  if (typeof speed === 'number' && Number.isFinite(speed) && speed > 0 && speed <= 100_000) return { ok: true, value: speed };
  return { ok: false, code: 'invalid_field', message: `"speed" must be epochs per second above 0 and at most 100000, or null; got ${JSON.stringify(speed)}` };
}

const DEFAULT_PRESET = 'spiral';

/**
 * Reads `{"preset":"spiral"}` or `{"config":{…}}` (each with an optional `name` and starting `speed`, and an optional `model` whose shape
 * and weights replace the network, [R24]) from an untrusted body; the config is checked by the core's own validator,
 * so limits and shapes are enforced exactly as in training.
 */
export function resolveSessionRequest(body: unknown): Result<SessionRequest> {
  const resolved = resolveConfig(body);
  if (!resolved.ok) return resolved;
  const speed = readSpeed((body as { speed?: unknown }).speed);
  if (!speed.ok) return speed;
  return { ok: true, value: speed.value === undefined ? resolved.value : { ...resolved.value, speed: speed.value } };
}

function resolveConfig(body: unknown): Result<SessionRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: 'invalid_field', message: 'expected a JSON object with "preset", "config" or "model"' };
  }
  const { preset, config, name, model } = body as { preset?: unknown; config?: unknown; name?: unknown; model?: unknown };
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) {
    return { ok: false, code: 'invalid_field', message: '"name" must be a string of 1 to 100 characters' };
  }
  let candidate: unknown = config;
  let dataLabel = 'the given config';
  if (preset !== undefined) {
    if (config !== undefined) return { ok: false, code: 'invalid_field', message: 'give "preset" or "config", not both' };
    const found = typeof preset === 'string' ? getPreset(preset) : undefined;
    if (found === undefined) {
      return { ok: false, code: 'invalid_field', message: `unknown preset ${JSON.stringify(preset)}; expected one of ${PRESET_NAMES.join(', ')}` };
    }
    candidate = found;
    dataLabel = `preset ${JSON.stringify(preset)}`;
  } else if (config === undefined) {
    candidate = getPreset(DEFAULT_PRESET) ?? getPreset(PRESET_NAMES[0] ?? '');
    dataLabel = `the default preset "${DEFAULT_PRESET}"`;
  }
  const valid = Trainer.validate(candidate);
  if (!valid.ok) return { ok: false, code: 'invalid_config', message: `${valid.code}: ${valid.message}` };
  const fallbackName = valid.value.name ?? (typeof preset === 'string' ? preset : 'custom');
  if (model === undefined) return { ok: true, value: { config: valid.value, name: typeof name === 'string' ? name : fallbackName } };
  const withModel = configWithModel(valid.value, model, dataLabel);
  if (!withModel.ok) return withModel;
  const checked = Trainer.validate(withModel.value);
  if (!checked.ok) return { ok: false, code: 'invalid_model', message: `${checked.code}: ${checked.message}` };
  return { ok: true, value: { config: checked.value, name: typeof name === 'string' ? name : `${fallbackName} (imported model)` } };
}
