import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { TestClient } from './testClient.js';
import type { TestServer } from './testServer.js';

/** A CSV session created hibernated at the worker cap, and the editor of the session training meanwhile. */
export interface CsvAtCap {
  csv: Awaited<ReturnType<TestServer['createSession']>>;
  /** Pause its session to free the worker; the caller closes it. */
  trainer: TestClient;
}

/**
 * Creates a CSV session named `name` on `server` (started with `maxWorkers: 1`) while another session trains: it is
 * created hibernated, with the checkpoint built for its CSV text stored and no snapshot ([R37], [R39]).
 */
export async function createCsvAtCap(server: TestServer, name: string): Promise<CsvAtCap> {
  const busy = await server.createSession({ preset: 'xor', speed: 5 });
  const trainer = await TestClient.joined(server.url, busy.id, busy.editToken);
  trainer.send({ type: 'control', command: { action: 'play' } });
  await trainer.next((m) => m.type === 'status' && m.status === 'running');
  const xor = getPreset('xor')!;
  const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
  const config: ExperimentConfig = { ...xor, dataset: { ...xor.dataset, kind: 'csv', csv: ['a,b,label', ...rows].join('\n') } };
  return { csv: await server.createSession({ config, name }), trainer };
}
