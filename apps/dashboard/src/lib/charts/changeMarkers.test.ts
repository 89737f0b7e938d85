import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../state/sessionTypes.js';
import { changeMarkers, outputJump } from './changeMarkers.js';

const event = (id: string, output?: ChangeEvent['output']): ChangeEvent => ({
  id,
  epoch: 40,
  byName: 'Ada',
  color: '#58a6ff',
  what: 'activation',
  text: 'L1 activation: tanh → relu',
  from: 'tanh',
  to: 'relu',
  ...(output && { output }),
  at: 0,
});

describe('change markers', () => {
  it('draws an edit that changed the outputs solid and wide, with the loss jump in its label', () => {
    const markers = changeMarkers([
      event('1', { kind: 'exact', maxChange: 0, lossBefore: 0.013, lossAfter: 0.013 }),
      event('2', { kind: 'changes', maxChange: 0.9, lossBefore: 0.013, lossAfter: 18.3 }),
      event('3'),
    ]);
    expect(markers['change-1']).toMatchObject({ borderWidth: 2, borderDash: [4, 3] });
    expect(markers['change-3']).toMatchObject({ borderWidth: 2, borderDash: [4, 3] });
    expect(markers['change-2']).toMatchObject({ borderWidth: 3, borderDash: [] });
    expect(markers['change-2']!.label.content).toContain('Output changed: loss 0.0130 → 18.3');
  });

  it('says nothing for exact or approximate edits', () => {
    expect(outputJump(event('1', { kind: 'approximate', maxChange: 0.004, lossBefore: 0.2, lossAfter: 0.2001 }))).toBeNull();
    expect(outputJump(event('2', { kind: 'changes', maxChange: 1, lossBefore: 0.1, lossAfter: null }))).toBe('Output changed: loss 0.100 → —');
  });
});
