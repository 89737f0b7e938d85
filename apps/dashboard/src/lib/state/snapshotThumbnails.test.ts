import { Trainer, getPreset, type Change } from '@liveprop/core';
import { decodeSnapshot, encodeSnapshot, type WireSnapshot } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { keepThumbnails } from './snapshotThumbnails.js';

function wire(trainer: Trainer, thumbnailGrid: number): WireSnapshot {
  const decoded = decodeSnapshot(encodeSnapshot(trainer.snapshot({ grid: 8, thumbnailGrid })));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value.snapshot;
}

describe('thumbnails between snapshots that carry them', () => {
  const trainer = new Trainer(getPreset('spiral')!);
  const full = wire(trainer, 8);
  trainer.runEpochs(3);
  const light = wire(trainer, 0);

  it('keeps the previous thumbnails for a snapshot without any, with its own weights and epoch', () => {
    expect(light.thumbnails).toBeUndefined();
    const merged = keepThumbnails(light, full);
    expect(merged.thumbnails).toBe(full.thumbnails);
    expect(merged.epoch).toBe(light.epoch);
    expect(merged.layers).toBe(light.layers);
  });

  it('takes a snapshot\'s own thumbnails over the previous ones', () => {
    const fresh = wire(trainer, 8);
    expect(keepThumbnails(fresh, full).thumbnails).toBe(fresh.thumbnails);
  });

  it('drops thumbnails that no longer fit the network after a topology change', () => {
    const grown = new Trainer(getPreset('spiral')!);
    const change: Change = { what: 'addNeuron', layer: 0 };
    expect(grown.apply(change).ok).toBe(true);
    expect(keepThumbnails(wire(grown, 0), full).thumbnails).toBeUndefined();
  });
});
