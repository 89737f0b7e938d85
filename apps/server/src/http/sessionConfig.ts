import { PRESET_NAMES, Trainer, getPreset, type ExperimentConfig, type Result } from '@liveprop/core';
import { parseCreateSessionRequest, type CreateSessionRequest } from '@liveprop/protocol';
import { configWithModel } from './modelConfig.js';

/** What `POST /api/sessions` resolved to: a validated config and a display name. */
export interface SessionRequest {
  config: ExperimentConfig;
  name: string;
  /** The speed limit to start with, epochs per second (`null`: as fast as it goes); absent leaves the default. */
  speed?: number | null;
}

const DEFAULT_PRESET = 'spiral';

/**
 * Reads `{"preset":"spiral"}` or `{"config":{…}}` (each with an optional `name` and starting `speed`, and an optional `model` whose shape
 * and weights replace the network, [R24]) from an untrusted body; the config is checked by the core's own validator,
 * so limits and shapes are enforced exactly as in training.
 */
export function resolveSessionRequest(body: unknown): Result<SessionRequest> {
  const request = parseCreateSessionRequest(body);
  if (!request.ok) return request;
  const resolved = resolveConfig(request.value);
  if (!resolved.ok) return resolved;
  const speed = request.value.speed;
  return { ok: true, value: speed === undefined ? resolved.value : { ...resolved.value, speed } };
}

function resolveConfig({ preset, config, name, model }: CreateSessionRequest): Result<SessionRequest> {
  let candidate: unknown = config;
  let dataLabel = 'the given config';
  if (preset !== undefined) {
    if (config !== undefined) return { ok: false, code: 'invalid_field', message: 'give "preset" or "config", not both' };
    const found = getPreset(preset);
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
  const fallbackName = valid.value.name ?? preset ?? 'custom';
  if (model === undefined) return { ok: true, value: { config: valid.value, name: name ?? fallbackName } };
  const withModel = configWithModel(valid.value, model, dataLabel);
  if (!withModel.ok) return withModel;
  const checked = Trainer.validate(withModel.value);
  if (!checked.ok) return { ok: false, code: 'invalid_model', message: `${checked.code}: ${checked.message}` };
  return { ok: true, value: { config: checked.value, name: name ?? `${fallbackName} (imported model)` } };
}
