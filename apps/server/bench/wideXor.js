// The session the hibernation benches use: the xor preset with a 2-16-16-1 network (the wake target).
import { Trainer, getPreset } from '@liveprop/core';
import { encodeSnapshot } from '@liveprop/protocol';

/** The xor preset with a 2-16-16-1 network. */
export function wideXor() {
  const config = getPreset('xor');
  config.network.layers = [
    { units: 16, activation: 'tanh', bias: { kind: 'perNeuron' } },
    { units: 16, activation: 'tanh', bias: { kind: 'perNeuron' } },
    { units: 1, activation: 'sigmoid', bias: { kind: 'perNeuron' } },
  ];
  return config;
}

/** A {@link wideXor} session with 50 epochs of history, its checkpoint and its encoded snapshot, to store many times. */
export function sampleSession() {
  const config = wideXor();
  const trainer = new Trainer(config);
  const metrics = trainer.runEpochs(50);
  const snapshot = encodeSnapshot(trainer.snapshot({ grid: 32, thumbnailGrid: 16 }), Date.now());
  return { config, metrics, checkpoint: trainer.checkpoint(), snapshot, epoch: trainer.epoch };
}
