import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '@liveprop/core';
import { modelImportRequest, parseModelFile } from './modelImport.js';

const model = {
  format: 'liveprop.model/1',
  layers: [
    { inputs: 2, outputs: 2, activation: 'tanh', weights: [[1, 2], [3, 4]], bias: [0, 0] },
    { inputs: 2, outputs: 1, activation: 'sigmoid', weights: [[5, 6]], bias: [1] },
  ],
};

describe('parseModelFile', () => {
  it('accepts a well-formed model', () => expect(parseModelFile(JSON.stringify(model)).ok).toBe(true));
  it('names the wrong format', () => {
    expect(parseModelFile('{"format":"x"}')).toMatchObject({ ok: false, message: expect.stringContaining('"x"') });
  });
  it('names a shape mismatch between layers', () => {
    const bad = { ...model, layers: [model.layers[0], { ...model.layers[1], inputs: 3 }] };
    expect(parseModelFile(JSON.stringify(bad))).toMatchObject({ ok: false, message: 'layer 1: expected 2 inputs, got 3' });
  });
  it('refuses text that is not JSON', () => expect(parseModelFile('nope')).toMatchObject({ ok: false, code: 'bad_json' }));
});

describe('modelImportRequest', () => {
  it('sends the model as it is with the current config, named after it', () => {
    const base = { name: 'spiral', seed: 1, network: { inputs: 2, layers: [], init: { kind: 'xavier' } } } as unknown as ExperimentConfig;
    const parsed = parseModelFile(JSON.stringify(model));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(modelImportRequest(base, parsed.value)).toEqual({ model, config: { ...base, name: 'spiral (imported model)' }, name: 'spiral (imported model)' });
  });

  it('keeps the name within the server\'s 100 characters', () => {
    const base = { name: 'x'.repeat(100) } as unknown as ExperimentConfig;
    const parsed = parseModelFile(JSON.stringify(model));
    if (!parsed.ok) throw new Error(parsed.message);
    const { name } = modelImportRequest(base, parsed.value);
    expect(name).toHaveLength(100);
    expect(name.endsWith(' (imported model)')).toBe(true);
  });
});
