import { Trainer, getPreset } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { readTrace } from './traceData.js';

const wire = () => JSON.parse(JSON.stringify(new Trainer(getPreset('mazur-2-2-2')!).traceStep(0))) as Record<string, unknown>;

describe('readTrace', () => {
  it('accepts a real trace after a JSON round trip', () => {
    expect(readTrace(wire())?.layers).toHaveLength(2);
  });
  it('accepts null cells, which is how non-finite numbers cross JSON', () => {
    const t = wire();
    t.loss = null;
    expect(readTrace(t)).not.toBeNull();
  });
  it('rejects values without a trace’s shape', () => {
    expect(readTrace(null)).toBeNull();
    expect(readTrace({ epoch: 0 })).toBeNull();
    const t = wire();
    (t.layers as Record<string, unknown>[])[0]!.dW = 'nope';
    expect(readTrace(t)).toBeNull();
  });
});
