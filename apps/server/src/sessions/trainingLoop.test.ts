import { describe, expect, it } from 'vitest';
import { Trainer, getPreset } from '@liveprop/core';
import { fromWire } from './tickWire.js';
import { TrainingLoop } from './trainingLoop.js';
import type { WorkerEvent } from './workerProtocol.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tinyLoop() {
  const config = getPreset('punnen-xor');
  if (!config) throw new Error('core has no punnen-xor preset');
  const ticks: Extract<WorkerEvent, { kind: 'tick' }>[] = [];
  const loop = new TrainingLoop(new Trainer(config), { config, grid: 8, thumbnailGrid: 0, sliceMs: 4, tickMs: 10 }, (wire) => {
    const event = fromWire(wire);
    if (event.kind === 'tick') ticks.push(event);
  });
  return { loop, ticks };
}

describe('training loop flow control', () => {
  it('trains one tick ahead of an unacknowledging main thread, then stops until it catches up', async () => {
    const { loop, ticks } = tinyLoop();
    loop.start();
    loop.handle({ kind: 'play', id: 0 });
    await sleep(300);
    const epochsPosted = () => ticks.reduce((n, t) => n + t.metrics.length, 0);
    const stalledAt = loop.state().epoch;
    expect(ticks.length).toBe(2);
    expect(stalledAt).toBe(epochsPosted() + 2048);

    await sleep(100);
    expect(loop.state().epoch).toBe(stalledAt);

    for (let i = ticks.length; i > 0; i--) loop.handle({ kind: 'tickAck' });
    await sleep(100);
    expect(loop.state().epoch).toBeGreaterThan(stalledAt);
    loop.handle({ kind: 'pause', id: 1 });
    const epochs = ticks.flatMap((t) => t.metrics.records().map((m) => m.epoch));
    expect(epochs.slice(0, stalledAt)).toEqual(Array.from({ length: stalledAt }, (_, i) => i + 1));
  });

  it('posts every trained epoch exactly once, in order, while the main thread keeps up', async () => {
    const { loop, ticks } = tinyLoop();
    let acked = 0;
    loop.start();
    loop.handle({ kind: 'play', id: 0 });
    for (let i = 0; i < 30; i++) {
      await sleep(10);
      for (; acked < ticks.length; acked++) loop.handle({ kind: 'tickAck' });
    }
    loop.handle({ kind: 'pause', id: 1 });
    const epochs = ticks.flatMap((t) => t.metrics.records().map((m) => m.epoch));
    expect(epochs.length).toBeGreaterThan(2048);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i + 1));
    expect(Math.max(...ticks.map((t) => t.metrics.length))).toBeLessThanOrEqual(2048);
  });
});
