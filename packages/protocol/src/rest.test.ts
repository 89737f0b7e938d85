import { Trainer, getPreset } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { createSessionRequestSchema, forkRequestSchema, modelJsonSchema, parseCreateSessionRequest, parseRest, renameRequestSchema, sessionSummarySchema } from './rest.js';
import { placesOf } from './schemaIssue.js';

describe('REST payload schemas', () => {
  it('[R21] a rename is trimmed, and a wrong one names the field and the rule', () => {
    expect(parseRest(renameRequestSchema, { name: '  lr sweep ' }, 'invalid_name')).toEqual({ ok: true, value: { name: 'lr sweep' } });
    expect(parseRest(renameRequestSchema, { name: '   ' }, 'invalid_name')).toEqual({ ok: false, code: 'invalid_name', message: '"name": must not be empty after trimming' });
    expect(parseRest(renameRequestSchema, { name: 'x'.repeat(101) }, 'invalid_name')).toMatchObject({ ok: false, message: '"name": must be at most 100 characters after trimming' });
    expect(parseRest(renameRequestSchema, [], 'invalid_name')).toMatchObject({ ok: false, message: expect.stringMatching(/^the body: .*expected object/) });
  });

  it('[R22] a fork body may be empty or carry a name', () => {
    expect(parseRest(forkRequestSchema, {}, 'invalid_name')).toEqual({ ok: true, value: {} });
    expect(parseRest(forkRequestSchema, { name: 7 }, 'invalid_name')).toMatchObject({ ok: false, message: expect.stringMatching(/^"name": .*expected string/) });
  });

  it('a create request checks its envelope; the config inside is left to core', () => {
    expect(parseRest(createSessionRequestSchema, { preset: 'xor', speed: null }, 'invalid_field').ok).toBe(true);
    expect(parseRest(createSessionRequestSchema, { preset: 'xor', speed: 0 }, 'invalid_field')).toMatchObject({ ok: false, message: expect.stringMatching(/^"speed": /) });
    expect(parseRest(createSessionRequestSchema, { config: { anything: true } }, 'invalid_field').ok).toBe(true);
  });

  it('[R24] the model core writes is what the schema reads, for every layer kind of the presets', () => {
    for (const name of ['xor', 'spiral', 'gauss-3', 'regressGauss']) {
      const model = new Trainer(getPreset(name)!).toModel();
      expect(modelJsonSchema.parse(JSON.parse(JSON.stringify(model)))).toEqual(JSON.parse(JSON.stringify(model)));
    }
  });

  it('a lobby row has a status, never the old "state"', () => {
    const row = { id: 'a', name: 'n', epoch: 3, viewers: 0, createdAt: 1, parentId: null, forkEpoch: null };
    expect(sessionSummarySchema.safeParse({ ...row, status: 'paused' }).success).toBe(true);
    expect(sessionSummarySchema.safeParse({ ...row, state: 'paused' }).success).toBe(false);
  });

  it('[R41] a request body is closed: an unknown key is invalid_field on every endpoint, named before any other fault', () => {
    expect(parseRest(renameRequestSchema, { nmae: 'x' }, 'invalid_name')).toEqual({ ok: false, code: 'invalid_field', message: 'unknown field "nmae" at the top level' });
    expect(parseRest(forkRequestSchema, { name: 'x', at: 3 }, 'invalid_name')).toEqual({ ok: false, code: 'invalid_field', message: 'unknown field "at" at the top level' });
    expect(parseCreateSessionRequest({ preset: 'xor', seed: 4 })).toEqual({ ok: false, code: 'invalid_field', message: 'unknown field "seed" at the top level; it belongs in "config" or in "config.dataset"' });
    expect(parseCreateSessionRequest({ config: { anything: true } })).toEqual({ ok: false, code: 'invalid_field', message: 'unknown field "anything" in "config"' });
    const xor = getPreset('xor')!;
    expect(parseCreateSessionRequest({ config: xor, speed: 3 })).toEqual({ ok: true, value: { config: xor, speed: 3 } });
  });

  it('[R41] finds every object that names a key, shallowest first, through optionals, arrays and unions', () => {
    const keys = createSessionRequestSchema.extend({ model: modelJsonSchema });
    expect(placesOf(keys, 'inputs', 5)).toEqual(['model.layers[]']);
    expect(placesOf(keys, 'name')).toEqual(['']);
    expect(placesOf(keys, 'nothing')).toEqual([]);
  });
});
