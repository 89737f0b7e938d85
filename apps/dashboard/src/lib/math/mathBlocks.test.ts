import { Trainer, getPreset, type ExperimentConfig } from '@liveprop/core';
import { TRACE_WINDOW, clipTraceTo } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { formatCell } from './formatCell.js';
import { blockShape, buildMathSections, type MathBlock, type MathSection } from './mathBlocks.js';
import { readTrace } from './traceData.js';

function traceOf(preset: string | ExperimentConfig, sample: number | 'batch', window?: number): { config: ExperimentConfig; sections: MathSection[] } {
  const config = typeof preset === 'string' ? getPreset(preset) : preset;
  if (!config) throw new Error(`expected preset ${String(preset)}, got none`);
  // The trace crosses JSON on its way to the browser, so the view only ever sees the parsed form.
  const trace = readTrace(JSON.parse(JSON.stringify(clipTraceTo(new Trainer(config).traceStep(sample), window ?? TRACE_WINDOW))));
  if (!trace) throw new Error('expected a trace readTrace accepts, got null');
  const sections = buildMathSections(trace, config.network.layers, config.training);
  if (!sections) throw new Error('expected sections, got null');
  return { config, sections };
}

function block(sections: MathSection[], id: string): MathBlock {
  const found = sections.flatMap((s) => s.blocks).find((b) => b.id === id);
  if (!found) throw new Error(`expected block ${id}, found ${sections.flatMap((s) => s.blocks.map((b) => b.id)).join(', ')}`);
  return found;
}

const shown = (b: MathBlock) => b.values.map((row) => row.map((v) => formatCell(v)));

describe('buildMathSections on mazur-2-2-2 (seed 004)', () => {
  const { sections } = traceOf('mazur-2-2-2', 0);

  it('walks forward layer by layer, then the error, then backward from the output', () => {
    expect(sections.map((s) => s.id)).toEqual(['forward-0', 'forward-1', 'error', 'backward-1', 'backward-0']);
  });
  it('shows the tutorial’s hidden outputs, outputs and error at 8 digits', () => {
    expect(shown(block(sections, 'forward-0-a'))).toEqual([['0.59326999', '0.59688438']]);
    expect(shown(block(sections, 'forward-1-a'))).toEqual([['0.75136507', '0.77292847']]);
    expect(shown(block(sections, 'error-loss'))).toEqual([['0.29837111']]);
  });
  it('shows the new output weights w12′', () => {
    expect(shown(block(sections, 'backward-1-weightsAfter'))).toEqual([
      ['0.35891648', '0.40866619'],
      ['0.51130127', '0.56137012'],
    ]);
  });
  it('labels weights [outputs][inputs] with the tutorial’s units and shapes', () => {
    const w12 = block(sections, 'forward-1-weights');
    expect(w12.name).toBe('w12');
    expect(blockShape(w12)).toBe('2×2');
    expect(w12.rowLabels).toEqual(['o₁', 'o₂']);
    expect(w12.colLabels).toEqual(['h₁', 'h₂']);
    expect(w12.rowAxis).toEqual({ kind: 'units', space: 2 });
  });
  it('shows a frozen shared bias as one cell with a zero update', () => {
    const b = block(sections, 'forward-0-bias');
    expect(b.colLabels).toEqual(['shared']);
    expect(b.tex).toContain('frozen');
    expect(block(sections, 'backward-0-biasUpdate').values).toEqual([[0]]);
  });
  it('writes the formulas in the tutorials’ names', () => {
    expect(block(sections, 'forward-0-z').tex).toBe('z_{h} = w_{01}\\,x + b_{h}');
    expect(block(sections, 'forward-0-a').tex).toBe('a_{h} = \\sigma(z_{h})');
    expect(block(sections, 'backward-1-delta').tex).toContain("(a_{o} - y) \\odot \\sigma'(z_{o})");
    expect(block(sections, 'backward-0-delta').tex).toBe("\\delta_{h} = (w_{12}^{\\top} \\delta_{o}) \\odot \\sigma'(z_{h})");
  });
});

describe('buildMathSections on mavicc-xor (seed 000), full batch', () => {
  const { sections } = traceOf('mavicc-xor', 'batch');

  it('shows a_o for each sample, 0.99153128 first', () => {
    expect(shown(block(sections, 'forward-1-a')).map((r) => r[0])).toEqual(['0.99153128', '0.98791922', '0.98791922', '0.97479766']);
  });
  it('shows seed 000’s update matrices and new weights', () => {
    const dW12 = block(sections, 'backward-1-dW');
    expect(blockShape(dW12)).toBe('1×5');
    expect(shown(dW12)[0]).toEqual(Array(5).fill('0.025184457'));
    expect(shown(block(sections, 'backward-1-weightsAfter'))[0]).toEqual(Array(5).fill('0.92444663'));
    expect(shown(block(sections, 'backward-0-weightsAfter')).map((r) => r[2])).toEqual(Array(5).fill('0.98483701'));
  });
  it('has no bias blocks for a network without biases, and a per-sample error', () => {
    const ids = sections.flatMap((s) => s.blocks.map((b) => b.id));
    expect(ids.some((id) => id.includes('bias') || id.endsWith('-db'))).toBe(false);
    expect(block(sections, 'error-perSample').rowLabels).toEqual(['#0', '#1', '#2', '#3']);
  });
});

describe('buildMathSections guards', () => {
  it('refuses a trace whose layer count disagrees with the configuration', () => {
    const config = getPreset('mazur-2-2-2')!;
    const trace = readTrace(JSON.parse(JSON.stringify(clipTraceTo(new Trainer(config).traceStep(0), TRACE_WINDOW))))!;
    expect(buildMathSections(trace, config.network.layers.slice(0, 1), config.training)).toBeNull();
  });
});

describe('buildMathSections on a clipped trace', () => {
  const spiral = getPreset('spiral')!;
  const wide: ExperimentConfig = {
    ...spiral,
    network: { ...spiral.network, layers: [{ ...spiral.network.layers[0]!, units: 128 }, ...spiral.network.layers.slice(1)] },
    training: { ...spiral.training, batchSize: 0 },
  };
  const { sections } = traceOf(wide, 'batch', 64);

  it('labels each block with its true shape, not the part that was sent', () => {
    const w01 = block(sections, 'forward-0-weights');
    expect(blockShape(w01)).toBe('128×7');
    expect(w01.values).toHaveLength(64);
    expect(w01.tex).toContain('\\mathbb{R}^{128\\times7}');
    const w12 = block(sections, 'backward-1-dW');
    expect(blockShape(w12)).toBe('16×128');
    expect(w12.values[0]).toHaveLength(64);
    expect(w12.window).toBe(64);
  });
  it('counts batch rows and the per-neuron bias from the true sizes', () => {
    const z = block(sections, 'forward-0-z');
    expect(z.shape.rows).toBeGreaterThan(64);
    expect(z.values).toHaveLength(64);
    expect(z.shape.cols).toBe(128);
    expect(blockShape(block(sections, 'forward-0-bias'))).toBe('1×128');
    expect(block(sections, 'error-perSample').shape).toEqual({ rows: z.shape.rows, cols: 1 });
    expect(blockShape(block(sections, 'error-loss'))).toBe('1×1');
  });
  it('labels only the units that were sent', () => {
    expect(block(sections, 'forward-1-weights').colLabels).toHaveLength(64);
    expect(block(sections, 'forward-0-z').rowLabels).toHaveLength(64);
  });
});
