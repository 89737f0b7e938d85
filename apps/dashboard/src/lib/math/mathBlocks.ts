import type { LayerConfig, TrainingConfig } from '@liveprop/core';
import type { Axis } from './focus.js';
import { forwardTex, gradientTex, hiddenDeltaTex, lossTex, outputDeltaTex, updateTex, type LayerPlace } from './formulas.js';
import { spaceTex, spaceText, unitLabel, weightName, weightTex } from './naming.js';
import type { Cell, LayerSize, LayerTraceData, Matrix, StepTraceData } from './traceData.js';
import type { Shape } from './truncate.js';

/** One labelled matrix of the step with its formula. Vectors are 1-row matrices. */
export interface MathBlock {
  /** Stable key, also the block's `data-testid` suffix: `forward-0-a`, `error-loss`, `backward-1-weightsAfter`. */
  id: string;
  /** Tutorial name: `a_h`, `w12`, `∂E/∂w01`. */
  name: string;
  caption: string;
  /** KaTeX source of the formula beside it. */
  tex: string;
  /** The top-left part of the quantity the server sent ([R19]); `shape` is its true size. */
  values: Matrix;
  shape: Shape;
  /** Most rows and columns the server sends of any matrix in this trace. */
  window: number;
  rowAxis: Axis;
  colAxis: Axis;
  rowLabels: readonly string[];
  colLabels: readonly string[];
}

export interface MathSection {
  id: string;
  title: string;
  blocks: MathBlock[];
}

const SAMPLES: Axis = { kind: 'samples' };
const SINGLE: Axis = { kind: 'single' };

const unitsAxis = (space: number): Axis => ({ kind: 'units', space });

/** True `rows`×`cols` of a block, as its header shows it, however much of it was sent. */
export function blockShape(block: MathBlock): string {
  return `${block.shape.rows}×${block.shape.cols}`;
}

/**
 * The tutorial's walk through one step: forward layer by layer, the error, then backward from the output layer,
 * each quantity a block. `null` when the trace and the configuration disagree on the layer count (a topology
 * change raced the trace; the next trace agrees).
 */
export function buildMathSections(trace: StepTraceData, layers: readonly LayerConfig[], training: TrainingConfig): MathSection[] | null {
  if (trace.layers.length !== layers.length || layers.length === 0) return null;
  const count = layers.length;
  const sampleLabels = trace.samples.map((s) => `#${s}`);
  const labels = (space: number, width: number) => Array.from({ length: width }, (_, u) => unitLabel(space, u, count));
  const places: LayerPlace[] = layers.map((l, i) => ({ layer: i, layers: count, activation: l.activation, bias: l.bias }));
  const outputs = trace.size.layers[count - 1]?.outputs ?? 0;
  const ctx: BlockContext = { count, sampleLabels, labels, training, samples: trace.size.samples, outputs, window: trace.window };

  const sections: MathSection[] = [];
  const sizes = trace.size.layers;
  trace.layers.forEach((layer, l) => sections.push(forwardSection(layer, sizes[l]!, places[l]!, ctx)));
  sections.push(errorSection(trace, ctx));
  for (let l = count - 1; l >= 0; l--) sections.push(backwardSection(trace.layers[l]!, sizes[l]!, places[l]!, ctx));
  return sections;
}

interface BlockContext {
  count: number;
  sampleLabels: string[];
  labels: (space: number, width: number) => string[];
  training: TrainingConfig;
  /** True rows of the batch and width of the output layer. */
  samples: number;
  outputs: number;
  window: number;
}

/** `[sample][unit]` data over `units` true units of unit space `space`. */
function batchBlock(id: string, name: string, caption: string, tex: string, values: Matrix, space: number, units: number, ctx: BlockContext): MathBlock {
  const width = values[0]?.length ?? 0;
  return {
    id, name, caption, tex, values,
    shape: { rows: ctx.samples, cols: units },
    window: ctx.window,
    rowAxis: SAMPLES, colAxis: unitsAxis(space), rowLabels: ctx.sampleLabels, colLabels: ctx.labels(space, width),
  };
}

function weightBlock(id: string, name: string, caption: string, tex: string, values: Matrix, layer: number, size: LayerSize, ctx: BlockContext): MathBlock {
  const inputs = values[0]?.length ?? 0;
  return {
    id, name, caption, tex, values,
    shape: { rows: size.outputs, cols: size.inputs },
    window: ctx.window,
    rowAxis: unitsAxis(layer + 1),
    colAxis: unitsAxis(layer),
    rowLabels: ctx.labels(layer + 1, values.length),
    colLabels: ctx.labels(layer, inputs),
  };
}

/** A per-neuron bias is a row over the layer's units; a shared bias is one cell. */
function biasBlock(id: string, name: string, caption: string, tex: string, values: Cell[], p: LayerPlace, size: LayerSize, ctx: BlockContext): MathBlock {
  const shared = p.bias.kind === 'shared';
  return {
    id, name, caption, tex, values: [values],
    shape: { rows: 1, cols: shared ? 1 : size.outputs },
    window: ctx.window,
    rowAxis: SINGLE,
    colAxis: shared ? SINGLE : unitsAxis(p.layer + 1),
    rowLabels: [''],
    colLabels: shared ? ['shared'] : ctx.labels(p.layer + 1, values.length),
  };
}

function forwardSection(layer: LayerTraceData, size: LayerSize, p: LayerPlace, ctx: BlockContext): MathSection {
  const out = spaceText(p.layer + 1, p.layers);
  const outTex = spaceTex(p.layer + 1, p.layers);
  const w = weightName(p.layer);
  const shape = `${size.outputs}\\times${size.inputs}`;
  const tex = forwardTex(p);
  const id = `forward-${p.layer}`;
  const blocks: MathBlock[] = [];
  if (p.layer === 0) blocks.push(batchBlock(`${id}-inputs`, 'x', 'inputs', 'x', layer.inputs, 0, size.inputs, ctx));
  blocks.push(weightBlock(`${id}-weights`, w, 'weights', `${weightTex(p.layer)} \\in \\mathbb{R}^{${shape}}`, layer.weights, p.layer, size, ctx));
  if (p.bias.kind !== 'none') {
    const note = p.bias.kind === 'shared' ? ` \\quad \\text{shared${p.bias.trainable ? '' : ', frozen'}}` : '';
    blocks.push(biasBlock(`${id}-bias`, out.bias, 'bias', `${outTex.bias}${note}`, layer.bias, p, size, ctx));
  }
  blocks.push(batchBlock(`${id}-z`, out.z, 'net input', tex.z, layer.z, p.layer + 1, size.outputs, ctx));
  blocks.push(batchBlock(`${id}-a`, out.value, p.layer === p.layers - 1 ? 'outputs' : 'hidden outputs', tex.a, layer.a, p.layer + 1, size.outputs, ctx));
  return { id, title: `Forward · ${w} · ${spaceText(p.layer, p.layers).value} → ${out.value} (${p.activation})`, blocks };
}

function errorSection(trace: StepTraceData, ctx: BlockContext): MathSection {
  const out = spaceTex(ctx.count, ctx.count).value;
  const outText = spaceText(ctx.count, ctx.count).value;
  const difference = trace.outputs.map((row, r) =>
    row.map((a, c) => {
      const y = trace.targets[r]?.[c] ?? null;
      return a === null || y === null ? null : a - y;
    }),
  );
  const blocks: MathBlock[] = [
    batchBlock('error-targets', 'y', 'targets', 'y', trace.targets, ctx.count, ctx.outputs, ctx),
    batchBlock('error-difference', `${outText} − y`, 'output error', `${out} - y`, difference, ctx.count, ctx.outputs, ctx),
  ];
  if (ctx.samples > 1) {
    blocks.push({
      id: 'error-perSample', name: 'E_n', caption: 'error per sample', tex: 'E_n',
      values: trace.lossPerSample.map((v) => [v]), shape: { rows: ctx.samples, cols: 1 }, window: ctx.window,
      rowAxis: SAMPLES, colAxis: SINGLE, rowLabels: ctx.sampleLabels, colLabels: ['E'],
    });
  }
  blocks.push({
    id: 'error-loss', name: 'E', caption: 'error', tex: lossTex(ctx.training, ctx.count),
    values: [[trace.loss]], shape: { rows: 1, cols: 1 }, window: ctx.window,
    rowAxis: SINGLE, colAxis: SINGLE, rowLabels: [''], colLabels: ['E'],
  });
  return { id: 'error', title: `Error · η = ${trace.learningRate}`, blocks };
}

function backwardSection(layer: LayerTraceData, size: LayerSize, p: LayerPlace, ctx: BlockContext): MathSection {
  const out = spaceText(p.layer + 1, p.layers);
  const outTex = spaceTex(p.layer + 1, p.layers);
  const w = weightName(p.layer);
  const wTex = weightTex(p.layer);
  const grads = gradientTex(p, ctx.training);
  const wUpdate = updateTex(wTex, ctx.training);
  const id = `backward-${p.layer}`;
  const deltaTex = p.layer === p.layers - 1 ? outputDeltaTex(p, ctx.training) : hiddenDeltaTex(p);
  const blocks: MathBlock[] = [
    batchBlock(`${id}-delta`, out.delta, 'δ = ∂E/∂z', deltaTex, layer.delta, p.layer + 1, size.outputs, ctx),
    weightBlock(`${id}-dW`, `∂E/∂${w}`, 'weight gradient', grads.dW, layer.dW, p.layer, size, ctx),
  ];
  const hasBias = p.bias.kind !== 'none';
  if (hasBias) blocks.push(biasBlock(`${id}-db`, `∂E/∂${out.bias}`, 'bias gradient', grads.db, layer.db, p, size, ctx));
  blocks.push(weightBlock(`${id}-weightsUpdate`, `Δ${w}`, 'update', wUpdate.update, layer.weightsUpdate, p.layer, size, ctx));
  if (hasBias) {
    const frozen = p.bias.kind === 'shared' && !p.bias.trainable;
    const bUpdate = updateTex(outTex.bias, ctx.training, frozen);
    blocks.push(biasBlock(`${id}-biasUpdate`, `Δ${out.bias}`, 'bias update', bUpdate.update, layer.biasUpdate, p, size, ctx));
  }
  blocks.push(weightBlock(`${id}-weightsAfter`, `${w}′`, 'new weights', wUpdate.after, layer.weightsAfter, p.layer, size, ctx));
  if (hasBias) {
    blocks.push(biasBlock(`${id}-biasAfter`, `${out.bias}′`, 'new bias', updateTex(outTex.bias, ctx.training).after, layer.biasAfter, p, size, ctx));
  }
  return { id, title: `Backward · ${w} · ${out.delta}`, blocks };
}
