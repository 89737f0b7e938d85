import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrainCommand } from './train.js';
import type { TrainReport } from './trainReport.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function train(argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture(tty);
  const stderr = new Capture();
  const code = await runTrainCommand(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function trainJson(argv: string[]): Promise<TrainReport> {
  const run = await train([...argv, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as TrainReport;
}

const seedVectorsUrl = new URL('../../../../packages/core/test/reference/seed-vectors.json', import.meta.url);
const mainJs = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liveprop-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('liveprop train', () => {
  it('reproduces punnen-xor: outputs after 1000 updates match the tutorial to 1e-9', async () => {
    const vectors = JSON.parse(await readFile(seedVectorsUrl, 'utf8')) as Record<string, { outputAfter1000Updates: number[] }>;
    const expected = vectors['003-xor-numpy-seed1']!.outputAfter1000Updates;
    const report = await trainJson(['--preset', 'punnen-xor', '--epochs', '1000']);
    expect(report.epochs).toBe(1000);
    expect(report.outputs).toHaveLength(4);
    report.outputs.forEach(([out], k) => expect(Math.abs(out! - expected[k]!)).toBeLessThan(1e-9));
  });

  it('prints one JSON document with the preset, config, final metrics, outputs and model', async () => {
    const report = await trainJson(['--preset', 'mavicc-xor', '--epochs', '5']);
    expect(report).toMatchObject({ format: 'liveprop.train/1', preset: 'mavicc-xor', data: null, epochs: 5, diverged: false });
    expect(report.config.network.inputs).toBe(3);
    expect(report.metrics?.epoch).toBe(5);
    expect(report.outputs.map((row) => row.length)).toEqual([1, 1, 1, 1]);
    expect(report.model.format).toBe('liveprop.model/1');
    expect(report.model.layers.map((l) => [l.inputs, l.outputs])).toEqual([[3, 5], [5, 1]]);
  });

  it('trains a generated dataset with the network, optimizer and data flags applied', async () => {
    const report = await trainJson([
      '--dataset', 'spiral', '--layers', '2,16,16,1', '--activation', 'tanh', '--output-activation', 'sigmoid',
      '--loss', 'squaredError', '--optimizer', 'momentum', '--lr', '0.03', '--batch', '10', '--samples', '200',
      '--noise', '0.2', '--test-fraction', '0.25', '--l2', '0.001', '--seed', '9', '--epochs', '3',
    ]);
    const { network, training, dataset } = report.config;
    expect([network.inputs, ...network.layers.map((l) => l.units)]).toEqual([2, 16, 16, 1]);
    expect(network.layers.map((l) => l.activation)).toEqual(['tanh', 'tanh', 'sigmoid']);
    expect(training).toMatchObject({ loss: 'squaredError', batchSize: 10, regularization: { kind: 'l2', rate: 0.001 } });
    expect(training.optimizer).toMatchObject({ kind: 'momentum', learningRate: 0.03 });
    expect(dataset).toMatchObject({ kind: 'spiral', samples: 200, noise: 0.2, testFraction: 0.25, seed: 9 });
    expect(report.config.seed).toBe(9);
    expect(report.outputs).toHaveLength(150);
    expect(Number.isFinite(report.metrics!.testLoss)).toBe(true);
  });

  it('sizes the network to --features when no --layers is given', async () => {
    const report = await trainJson(['--dataset', 'circle', '--features', 'x1,x2,x1x2', '--epochs', '1']);
    expect(report.config.network.inputs).toBe(3);
    expect(report.model.layers[0]!.inputs).toBe(3);
  });

  it('trains on a CSV file, sizing inputs and outputs from its columns', async () => {
    const file = join(dir, 'points.csv');
    const rows = ['a,b,c,label', ...Array.from({ length: 40 }, (_, k) => `${k % 7},${(k * 3) % 5},${k / 10},${k % 3}`)];
    await writeFile(file, rows.join('\n'));
    const report = await trainJson(['--data', file, '--epochs', '2', '--test-fraction', '0.25']);
    expect(report.data).toBe(file);
    expect(report.config.network.inputs).toBe(3);
    expect(report.config.network.layers.at(-1)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(report.config.training.loss).toBe('categoricalCrossEntropy');
    expect(report.config.dataset).not.toHaveProperty('csv');
    expect(report.outputs).toHaveLength(30);
  });

  it('trains a CSV of 0/1 labels or of decimal targets with no other flags, the output fitted to the labels', async () => {
    const cases: [string, string, string, string][] = [
      ['binary.csv', '\ufeffx,y,label\r\n0,0,0\r\n0,1,1\r\n1,0,1\r\n1,1,0\r\n', 'sigmoid', 'binaryCrossEntropy'],
      ['target.csv', '0,0,0.5\n0,1,1.5\n1,0,1.25\n1,1,-0.5\n', 'linear', 'squaredError'],
    ];
    for (const [name, text, activation, loss] of cases) {
      const file = join(dir, name);
      await writeFile(file, text);
      const report = await trainJson(['--data', file, '--epochs', '2']);
      expect(report.config.network.inputs).toBe(2);
      expect(report.config.network.layers.at(-1)).toMatchObject({ units: 1, activation });
      expect(report.config.training.loss).toBe(loss);
      expect(report.outputs).toHaveLength(3);
    }
  });

  it('starts from a liveprop.model/1 file: zero epochs reproduce the saved outputs', async () => {
    const first = await trainJson(['--preset', 'cavar-xor', '--epochs', '50']);
    const file = join(dir, 'init.json');
    await writeFile(file, JSON.stringify(first.model));
    const second = await trainJson(['--preset', 'cavar-xor', '--model', file, '--epochs', '0']);
    expect(second.epochs).toBe(0);
    second.outputs.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(first.outputs[r]![c]!, 12)));
  });

  it('draws a progress bar on a terminal and prints periodic lines otherwise, each with a summary', async () => {
    const tty = await train(['--preset', 'mazur-2-2-2', '--epochs', '20'], true);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/\r\[#+\] epoch 20\/20 loss [\d.e-]+/);
    expect(tty.stdout).toContain('trained mazur-2-2-2: 2-2-2 sigmoid/sigmoid');
    const log = await train(['--preset', 'mazur-2-2-2', '--epochs', '20']);
    expect(log.stdout).not.toContain('\r');
    expect(log.stdout.split('\n').filter((line) => line.startsWith('epoch '))).toHaveLength(10);
    expect(log.stdout).toContain('20 epochs in');
  });

  it('exits 1 and says so when the loss diverges, still reporting the run', async () => {
    const run = await train(['--dataset', 'plane', '--optimizer', 'sgd', '--lr', '100', '--epochs', '50', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the loss diverged (NaN/Inf) at epoch');
    expect(JSON.parse(run.stdout)).toMatchObject({ diverged: true });
  });

  it('prints the usage for --help and exits 0', async () => {
    const run = await train(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: liveprop train');
    expect(run.stdout).toContain('punnen-xor');
  });

  const badRuns: [string, string[], string][] = [
    ['an unknown flag', ['--preset', 'xor', '--bogus'], "--bogus: Unknown option '--bogus'"],
    ['a flag without its value', ['--preset'], '--preset'],
    ['a stray argument', ['xor'], 'xor'],
    ['a non-numeric learning rate', ['--preset', 'xor', '--lr', 'fast'], 'liveprop train: --lr must be a number greater than 0 and at most 100, got "fast"'],
    ['a fractional epoch count', ['--preset', 'xor', '--epochs', '2.5'], 'liveprop train: --epochs must be a whole number from 0 to 10,000,000, got 2.5'],
    ['a negative batch', ['--preset', 'xor', '--batch=-1'], 'liveprop train: --batch must be a whole number from 0 to 65,536, got -1'],
    ['an unknown activation', ['--dataset', 'xor', '--activation', 'swish'], '--activation: expected one of sigmoid, tanh'],
    ['an unknown feature', ['--dataset', 'xor', '--features', 'x1,x3'], '--features: expected one of x1, x2'],
    ['a feature listed twice', ['--dataset', 'xor', '--features', 'x1,x2,x1'], 'liveprop train: --features lists x1 twice; list each feature once'],
    ['an unknown preset', ['--preset', 'nope'], '--preset: unknown preset "nope"; expected one of mavicc-xor'],
    ['an unknown dataset', ['--dataset', 'csv'], '--dataset: unknown dataset "csv"'],
    ['nothing to train', ['--epochs', '3'], 'nothing to train'],
    ['--preset with --dataset', ['--preset', 'xor', '--dataset', 'spiral'], 'liveprop train: --preset and --dataset cannot be combined'],
    ['--model with --activation', ['--preset', 'xor', '--model', 'm.json', '--activation', 'relu'], 'liveprop train: --model and --activation cannot be combined'],
    ['--l1 with --l2', ['--preset', 'xor', '--l1', '0.1', '--l2', '0.1'], 'liveprop train: --l1 and --l2 cannot be combined'],
    ['layers that do not fit the data', ['--dataset', 'xor', '--layers', '3,4,1'], '--layers: the first size is the input count: the dataset has 2 inputs, --layers starts with 3'],
    ['a negative learning rate', ['--preset', 'xor', '--lr', '-1'], 'liveprop train: --lr must be a number greater than 0 and at most 100, got -1'],
    ['a learning rate over the limit', ['--preset', 'xor', '--lr', '1000'], 'liveprop train: --lr must be a number greater than 0 and at most 100, got 1000'],
    ['a negative epoch count', ['--preset', 'xor', '--epochs', '-5'], 'liveprop train: --epochs must be a whole number from 0 to 10,000,000, got -5'],
    ['negative noise', ['--dataset', 'moons', '--noise', '-.5'], 'liveprop train: --noise must be a number from 0 to 1, got -.5'],
    ['a negative layer size', ['--dataset', 'xor', '--layers', '2,-4,1'], 'liveprop train: --layers must be a whole number from 1 to'],
    ['a text value that starts with a dash', ['--dataset', '-x'], 'liveprop train: --dataset takes a value; write one that starts with a dash as --dataset=VALUE'],
    ['too many samples', ['--dataset', 'xor', '--samples', '2000000'], 'liveprop train: --samples must be a whole number from 1 to 1,000,000, got 2000000'],
    ['a hexadecimal epoch count', ['--preset', 'xor', '--epochs', '0x10'], 'liveprop train: --epochs must be a whole number from 0 to 10,000,000, got "0x10"'],
    ['a binary seed', ['--preset', 'xor', '--seed', '0b11'], 'liveprop train: --seed must be a whole number from 0 to 4,294,967,295, got "0b11"'],
    ['a sample count padded with spaces', ['--dataset', 'xor', '--samples', ' 50'], 'liveprop train: --samples must be a whole number from 1 to 1,000,000, got " 50"'],
    ['a repeated flag', ['--preset', 'xor', '--epochs', '2', '--epochs', '3'], 'liveprop train: --epochs is given twice; give it once'],
    ['a repeated list flag', ['--dataset', 'xor', '--layers', '2,3,1', '--layers=2,4,1'], 'liveprop train: --layers is given twice; give it once'],
  ];
  for (const [what, argv, message] of badRuns) {
    it(`rejects ${what} with a usage error naming the flag, exit 2`, async () => {
      const run = await train(argv);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain("run 'liveprop train --help' for usage");
    });
  }

  it('names the row and column of a bad CSV cell', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'x,y,label\n1,2,0\n3,4,1\n5,oops,0\n');
    const run = await train(['--data', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--data ${file}: row 4, column 2: 'oops' is not a number`);
  });

  it('names a missing file and a model with a bad field', async () => {
    const missing = await train(['--data', join(dir, 'absent.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--data: cannot read "${join(dir, 'absent.csv')}": no such file`);
    const file = join(dir, 'broken-model.json');
    await writeFile(file, JSON.stringify({ format: 'liveprop.model/0', layers: [] }));
    const model = await train(['--preset', 'cavar-xor', '--model', file]);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain(`--model ${file}: format: expected "liveprop.model/1"`);
  });

  it('works as the built binary: exit code 2 with the message on stderr, JSON on stdout', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [mainJs, 'train', ...args], (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
      });
    const bad = await run(['--preset', 'xor', '--lr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('liveprop train: --lr');
    const good = await run(['--preset', 'mazur-2-2-2', '--epochs', '1', '--json']);
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as TrainReport).epochs).toBe(1);
  });

  it('stops quietly with exit 0 when the reader of its output goes away (`| head -c 10`)', async () => {
    const child = spawn(process.execPath, [mainJs, 'train', '--preset', 'xor', '--epochs', '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
