import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Trainer, getPreset, type ExperimentConfig } from '@liveprop/core';
import type { ServerMessage } from '@liveprop/protocol';
import { describe, expect, it } from 'vitest';
import { forEachBackend } from '../testing/storeBackends.js';
import { WRITES_SETTLE_MS, createOverRest as create, stopProcess, useServerProcesses } from '../testing/serverProcess.js';
import { TestClient } from '../testing/testClient.js';
import { datasetPoints } from './points.js';
import { withoutCsvText } from './publicConfig.js';

const { work, servers } = useServerProcesses('liveprop-crash-csv-');

type Metrics = Extract<ServerMessage, { type: 'metrics' }>;

/** An xor network on 50 rows of a CSV that no preset or generator could rebuild. */
function csvConfig(): ExperimentConfig {
  const xor = getPreset('xor')!;
  const rows = Array.from({ length: 50 }, (_, i) => `${((i * 37) % 23) / 23},${((i * 11) % 19) / 19},${(i * 7) % 3 === 0 ? 1 : 0}`);
  return { ...xor, dataset: { ...xor.dataset, kind: 'csv', csv: ['a,b,label', ...rows].join('\n') } };
}

async function isHibernated(url: string, id: string): Promise<boolean | undefined> {
  const lobby = (await (await fetch(`${url}/api/sessions`)).json()) as { id: string; hibernated: boolean }[];
  return lobby.find((s) => s.id === id)?.hibernated;
}

forEachBackend((backend) => describe('a CSV session killed before its first checkpoint', () => {
  const cases = [
    { how: 'created hibernated at the worker cap, never woken', maxWorkers: 1, hibernated: true },
    { how: 'created with a worker, never trained', maxWorkers: 4, hibernated: false },
  ];
  it.each(cases)('[R37] [R39] $how: after SIGKILL it wakes with exactly the uploaded rows', async ({ maxWorkers, hibernated }) => {
    const data = backend.kind === 'sqlite' ? mkdtempSync(join(work, 'data-')) : await backend.postgres!.createDatabase();
    const first = await servers.start(data, { maxWorkers });
    // At the cap only when one session trains: the CSV session is then created without a worker.
    const busy = await create(first.url, { preset: 'xor', speed: 5 });
    const trainer = await TestClient.joined(first.url, busy.id, busy.token);
    if (hibernated) {
      trainer.send({ type: 'control', command: { action: 'play' } });
      await trainer.next((m) => m.type === 'status' && m.status === 'running');
    }
    const config = csvConfig();
    const made = await create(first.url, { config, name: 'csv' });
    await new Promise((resolve) => setTimeout(resolve, WRITES_SETTLE_MS));
    expect(await isHibernated(first.url, made.id)).toBe(hibernated);
    await stopProcess(first.child, 'SIGKILL');
    trainer.close();

    const second = await servers.start(data, { maxWorkers: 1 });
    const viewer = await TestClient.joined(second.url, made.id, made.token);
    const state = viewer.received.find((m) => m.type === 'sessionState');
    expect(state?.type === 'sessionState' && [state.config, state.epoch, state.points]).toEqual([withoutCsvText(config), 0, datasetPoints(config)]);
    viewer.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    const step = await viewer.next<Metrics>((m) => m.type === 'metrics' || m.type === 'error');
    expect(step.type, JSON.stringify(step)).toBe('metrics');
    // The same rows and the same initial weights: the first epoch's loss is the one a fresh trainer computes on them.
    const expected = new Trainer(config).runEpochs(1)[0]!;
    expect(step.columns.epoch).toEqual([1]);
    expect(step.columns.trainLoss[0]).toBeCloseTo(expected.trainLoss, 9);
    const again = await TestClient.joined(second.url, made.id, made.token);
    const shown = again.received.find((m) => m.type === 'sessionState');
    expect(shown?.type === 'sessionState' && shown.points).toEqual(datasetPoints(config));
    for (const c of [viewer, again]) c.close();
    await stopProcess(second.child, 'SIGTERM');
  }, 90_000);
}));
