import { OPTIMIZER_KINDS, PRESET_NAMES } from '@liveprop/core';

/** Help text of `liveprop train`. */
export const TRAIN_USAGE = `usage: liveprop train (--preset NAME | --dataset KIND | --data FILE) [options]

Trains headless and prints the result.

what to train:
  --preset NAME              a ready experiment: ${PRESET_NAMES.join(', ')}
  --dataset KIND             generated data: xor, circle, gauss, spiral, moons, plane, regressGauss
  --data FILE                CSV: numeric columns, the last one the label, optional header row
  --model FILE               start from a liveprop.model/1 JSON (fixes the layers)

network and training (override the preset's):
  --layers 2,16,16,1         layer sizes, inputs first
  --activation NAME          hidden activation: sigmoid, tanh, relu, leakyRelu, linear
  --output-activation NAME   output activation: sigmoid, softmax, linear, tanh, relu, leakyRelu
  --loss NAME                squaredError, binaryCrossEntropy, categoricalCrossEntropy
  --reduction sum|mean       how a batch's losses combine
  --optimizer NAME           ${OPTIMIZER_KINDS.join(', ')}
  --lr RATE                  learning rate
  --batch N                  samples per update, 0 = full batch
  --l1 RATE | --l2 RATE      weight regularization
  --seed S                   seed of initial weights, shuffling and generated data

data (generated kinds and CSV):
  --samples N                points to generate
  --noise F                  0..1
  --test-fraction F          0..0.9 held out for testing
  --features x1,x2,x1x2      inputs of generated data: x1, x2, x1Squared, x2Squared, x1x2, sinX1, sinX2

run:
  --epochs N                 epochs to train (default 100)
  --json                     print one JSON document: config, final metrics, outputs on the training inputs, model
  --help                     this text

Exit codes: 0 trained, 1 the loss diverged (NaN/Inf), 2 bad flags, values or files.`;
