import { createDataset, parseModel, type ExperimentConfig, type Result } from '@liveprop/core';

/**
 * `base` with its network replaced by an untrusted `liveprop.model/1` document's shape and weights; the dataset,
 * training settings and seed stay `base`'s ([R24]). Model errors name the field (`model.layers[0].weights[1] …`); a
 * model whose inputs or outputs do not match the dataset is refused naming both sizes. `dataLabel` names the
 * dataset's origin in that message (`preset "xor"`).
 */
export function configWithModel(base: ExperimentConfig, model: unknown, dataLabel: string): Result<ExperimentConfig> {
  const parsed = parseModel(model);
  if (!parsed.ok) return { ok: false, code: parsed.code, message: `model.${parsed.message}` };
  const { inputs, layers, weights } = parsed.value;
  const dataset = createDataset(base.dataset);
  if (!dataset.ok) return { ok: false, code: 'invalid_config', message: `the dataset of ${dataLabel}: ${dataset.message}` };
  const last = layers.length - 1;
  if (inputs !== dataset.value.inputDim) {
    return {
      ok: false,
      code: 'invalid_model',
      message: `the model takes ${inputs} inputs (model.layers[0].inputs) but the dataset of ${dataLabel} has ${dataset.value.inputDim} input features`,
    };
  }
  if (layers[last]!.units !== dataset.value.outputDim) {
    return {
      ok: false,
      code: 'invalid_model',
      message: `the model has ${layers[last]!.units} outputs (model.layers[${last}].outputs) but the dataset of ${dataLabel} has ${dataset.value.outputDim} target columns`,
    };
  }
  return { ok: true, value: { ...base, network: { inputs, layers, weights, init: base.network.init } } };
}
