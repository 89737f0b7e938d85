// Snapshot frame bytes and encode time for spiral-shaped networks of growing width ([R11]).
// Run after `pnpm --filter @liveprop/protocol build`: node packages/protocol/bench/snapshotSize.js
import { Trainer, getPreset } from '@liveprop/core';
import { encodeSnapshot } from '@liveprop/protocol';

const REPEATS = 20;

function spiralWith(hidden) {
  const config = structuredClone(getPreset('spiral'));
  for (let l = 0; l < config.network.layers.length - 1; l++) config.network.layers[l].units = hidden;
  return config;
}

console.log('network            | frame bytes | encode ms | core snapshot ms (medians of 20)');
for (const hidden of [16, 256, 1024]) {
  const config = spiralWith(hidden);
  const trainer = new Trainer(config);
  const takeTimes = [];
  let snapshot;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    snapshot = trainer.snapshot({ grid: 32, thumbnailGrid: 16 });
    takeTimes.push(performance.now() - start);
  }
  takeTimes.sort((a, b) => a - b);
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    bytes = encodeSnapshot(snapshot).byteLength;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const shape = [config.network.inputs, ...config.network.layers.map((l) => l.units)].join('-');
  console.log(`${shape.padEnd(18)} | ${String(bytes).padStart(11)} | ${times[REPEATS >> 1].toFixed(3).padStart(9)} | ${takeTimes[REPEATS >> 1].toFixed(1).padStart(8)}`);
}
