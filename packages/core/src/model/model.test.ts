import { describe, expect, it } from 'vitest';
import { Trainer, getPreset, parseModel } from '../index.js';

describe('liveprop.model/1', () => {
  it('a trained model round-trips through JSON with identical predictions', () => {
    const config = getPreset('xor')!;
    config.dataset.samples = 100;
    const trainer = new Trainer(config);
    trainer.runEpochs(3);
    const json = JSON.parse(JSON.stringify(trainer.toModel()));
    expect(json.format).toBe('liveprop.model/1');
    expect(json.layers[0]).toMatchObject({ inputs: 2, outputs: 8, activation: 'tanh' });
    expect(json.layers[0].weights).toHaveLength(8);
    expect(json.layers[0].weights[0]).toHaveLength(2);
    const { network: _network, ...rest } = config;
    const loaded = Trainer.fromModel(json, rest);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const inputs = [
      [0.5, -1],
      [3, 2],
      [-4, 4],
    ];
    expect(loaded.value.predict(inputs)).toEqual(trainer.predict(inputs));
  });

  it('keeps a frozen shared bias (mazur) through a round trip', () => {
    const trainer = new Trainer(getPreset('mazur-2-2-2')!);
    const parsed = parseModel(JSON.parse(JSON.stringify(trainer.toModel())));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.layers[0]!.bias).toEqual({ kind: 'shared', value: 0.35, trainable: false });
    expect(parsed.value.weights[1]).toEqual({ weights: [[0.4, 0.45], [0.5, 0.55]], bias: [0.6] });
  });

  it('infers the bias mode from its length when biasMode is absent', () => {
    const parsed = parseModel({
      format: 'liveprop.model/1',
      layers: [
        { inputs: 2, outputs: 2, activation: 'sigmoid', weights: [[1, 2], [3, 4]], bias: [0.5] },
        { inputs: 2, outputs: 1, activation: 'linear', weights: [[1, 1]], bias: [] },
      ],
    });
    expect(parsed.ok && parsed.value.layers.map((l) => l.bias.kind)).toEqual(['shared', 'none']);
  });

  const bad: [string, unknown, string][] = [
    ['not an object', 'model', 'model: expected an object'],
    ['wrong format', { format: 'keras', layers: [] }, 'format: expected "liveprop.model/1"'],
    ['no layers', { format: 'liveprop.model/1', layers: [] }, 'layers: a model needs at least one layer'],
    [
      'short weight row',
      {
        format: 'liveprop.model/1',
        layers: [
          { inputs: 2, outputs: 4, activation: 'relu', weights: [[1, 2], [1, 2], [1, 2], [1, 2]], bias: [0, 0, 0, 0] },
          { inputs: 4, outputs: 3, activation: 'relu', weights: [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3]], bias: [0, 0, 0] },
        ],
      },
      'layers[1].weights[2] has 3 numbers, expected 4',
    ],
    [
      'layers that do not chain',
      {
        format: 'liveprop.model/1',
        layers: [
          { inputs: 2, outputs: 2, activation: 'relu', weights: [[1, 2], [1, 2]], bias: [0, 0] },
          { inputs: 3, outputs: 1, activation: 'linear', weights: [[1, 2, 3]], bias: [0] },
        ],
      },
      'layers[1].inputs is 3, expected 2',
    ],
    [
      'a string among the weights',
      { format: 'liveprop.model/1', layers: [{ inputs: 1, outputs: 1, activation: 'linear', weights: [['x']], bias: [0] }] },
      'layers[0].weights[0][0]: expected a finite number',
    ],
    [
      'unknown activation',
      { format: 'liveprop.model/1', layers: [{ inputs: 1, outputs: 1, activation: 'gelu', weights: [[1]], bias: [0] }] },
      'layers[0].activation',
    ],
  ];
  for (const [label, doc, message] of bad) {
    it(`a bad model file gets an error naming the field: ${label}`, () => {
      const result = parseModel(doc);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('invalid_model');
        expect(result.message).toContain(message);
      }
    });
  }

  it('fromModel checks the model against the dataset', () => {
    const config = getPreset('xor')!;
    const { network: _n, ...rest } = config;
    const model = { format: 'liveprop.model/1', layers: [{ inputs: 3, outputs: 1, activation: 'sigmoid', weights: [[1, 2, 3]], bias: [0] }] };
    const result = Trainer.fromModel(model, rest);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toContain('the network takes 3 inputs but the dataset has 2 features');
  });
});
