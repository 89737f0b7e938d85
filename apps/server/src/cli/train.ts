import { readFile } from 'node:fs/promises';
import { Trainer, type Dataset } from '@liveprop/core';
import { buildTrainSetup } from './trainConfig.js';
import { parseTrainFlags, type TrainFlags } from './trainFlags.js';
import { createProgress } from './trainProgress.js';
import { configForReport, formatSummary, type TrainReport } from './trainReport.js';
import { TRAIN_USAGE } from './trainUsage.js';
import { usageError, type CliResult, type UsageError } from './usageError.js';

/** Streams of a CLI command; `stdout.isTTY` picks the progress bar. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** Wall time of one training slice between progress updates (and event-loop turns). */
const SLICE_MS = 50;

async function readFlagFile(flag: string, path: string): Promise<CliResult<string>> {
  try {
    return { ok: true, value: await readFile(path, 'utf8') };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return usageError(flag, `cannot read "${path}": ${reason}`);
  }
}

async function createTrainer(flags: TrainFlags): Promise<CliResult<{ trainer: Trainer; dataset: Dataset; preset: string | null }>> {
  let csv: string | undefined;
  if (flags.data !== undefined) {
    const text = await readFlagFile('--data', flags.data);
    if (!text.ok) return text;
    csv = text.value;
  }
  const setup = buildTrainSetup(flags, csv);
  if (!setup.ok) return setup;
  const { config, dataset, preset } = setup.value;
  if (flags.model === undefined) {
    const created = Trainer.create(config);
    return created.ok ? { ok: true, value: { trainer: created.value, dataset, preset } } : usageError(flagOfField(created.message), created.message);
  }
  const text = await readFlagFile('--model', flags.model);
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (err) {
    return usageError(`--model ${flags.model}`, `not JSON: ${(err as Error).message}`);
  }
  const { network: _network, ...rest } = config;
  const created = Trainer.fromModel(json, rest);
  return created.ok ? { ok: true, value: { trainer: created.value, dataset, preset } } : usageError(`--model ${flags.model}`, created.message);
}

/** The flag most likely behind a core validation message that names a config field. */
function flagOfField(message: string): string {
  const fields: [string, string][] = [
    ['training.optimizer', '--lr'],
    ['training.batchSize', '--batch'],
    ['training.regularization', '--l1/--l2'],
    ['training.loss', '--loss'],
    ['network', '--layers'],
    ['dataset', '--dataset'],
  ];
  return fields.find(([field]) => message.startsWith(field))?.[1] ?? 'config';
}

function reportUsageError(io: CommandIo, error: UsageError): number {
  const sentence = error.message.startsWith('--') ? error.message : `${error.flag}: ${error.message}`;
  io.stderr.write(`liveprop train: ${sentence}\nrun 'liveprop train --help' for usage\n`);
  return 2;
}

function trainingRows(dataset: Dataset): number[][] {
  const { x, count } = dataset.train;
  const width = dataset.inputDim;
  const rows: number[][] = [];
  for (let r = 0; r < count; r++) rows.push(Array.from(x.subarray(r * width, (r + 1) * width)));
  return rows;
}

/**
 * `liveprop train`: trains headless from a preset, a generated dataset or a CSV and prints the result.
 * Resolves to the exit code: 0 trained, 1 diverged, 2 usage error (bad flag, value or file).
 */
export async function runTrainCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseTrainFlags(argv);
  if (!parsed.ok) return reportUsageError(io, parsed);
  const flags = parsed.value;
  if (flags.help) {
    io.stdout.write(`${TRAIN_USAGE}\n`);
    return 0;
  }
  const built = await createTrainer(flags);
  if (!built.ok) return reportUsageError(io, built);
  const { trainer, dataset, preset } = built.value;

  const progress = createProgress(io.stdout, flags.json ? 'none' : io.stdout.isTTY ? 'bar' : 'lines', flags.epochs);
  const started = performance.now();
  while (trainer.epoch < flags.epochs && !trainer.diverged) {
    trainer.runFor(SLICE_MS, flags.epochs - trainer.epoch, (m) => progress.update(m));
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress.finish();
  const seconds = (performance.now() - started) / 1000;

  const report: TrainReport = {
    format: 'liveprop.train/1',
    preset,
    config: configForReport(trainer.config),
    data: flags.data ?? null,
    epochs: trainer.epoch,
    diverged: trainer.diverged,
    metrics: trainer.lastMetrics,
    outputs: trainer.predict(trainingRows(dataset)),
    model: trainer.toModel(),
  };
  if (flags.json) io.stdout.write(`${JSON.stringify(report)}\n`);
  else io.stdout.write(formatSummary(report, seconds));
  if (trainer.diverged) {
    io.stderr.write(`liveprop train: the loss diverged (NaN/Inf) at epoch ${trainer.epoch}; try a smaller --lr\n`);
    return 1;
  }
  return 0;
}
