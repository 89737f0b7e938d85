import { PRESET_NAMES, Trainer, getPreset, type ExperimentConfig, type Result } from '@liveprop/core';

/** What `POST /api/sessions` resolved to: a validated config and a display name. */
export interface SessionRequest {
  config: ExperimentConfig;
  name: string;
}

/**
 * Reads `{"preset":"spiral"}` or `{"config":{…}}` (each with an optional `name`) from an untrusted body; the config is
 * checked by the core's own validator, so limits and shapes are enforced exactly as in training.
 */
export function resolveSessionRequest(body: unknown): Result<SessionRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: 'invalid_field', message: 'expected a JSON object with "preset" or "config"' };
  }
  const { preset, config, name } = body as { preset?: unknown; config?: unknown; name?: unknown };
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) {
    return { ok: false, code: 'invalid_field', message: '"name" must be a string of 1 to 100 characters' };
  }
  let candidate: unknown = config;
  if (preset !== undefined) {
    if (config !== undefined) return { ok: false, code: 'invalid_field', message: 'give "preset" or "config", not both' };
    const found = typeof preset === 'string' ? getPreset(preset) : undefined;
    if (found === undefined) {
      return { ok: false, code: 'invalid_field', message: `unknown preset ${JSON.stringify(preset)}; expected one of ${PRESET_NAMES.join(', ')}` };
    }
    candidate = found;
  } else if (config === undefined) {
    candidate = getPreset('spiral') ?? getPreset(PRESET_NAMES[0] ?? '');
  }
  const valid = Trainer.validate(candidate);
  if (!valid.ok) return { ok: false, code: 'invalid_config', message: `${valid.code}: ${valid.message}` };
  const label = typeof name === 'string' ? name : (valid.value.name ?? (typeof preset === 'string' ? preset : 'custom'));
  return { ok: true, value: { config: valid.value, name: label } };
}
