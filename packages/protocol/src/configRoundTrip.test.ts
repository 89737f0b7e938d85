import { PRESET_NAMES, Trainer, getPreset, type ExperimentConfig } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { decodeServerMessage, encodeServerMessage } from './codec.js';
import { experimentConfigSchema } from './configSchema.js';
import { MT19937 } from '@liveprop/core';
import type { JsonServerMessage } from './serverMessages.js';
import { RandomConfigs } from './testing/randomConfig.js';

/** Core's validator is the source of truth for configs; protocol's schema must carry what core accepts, unchanged. */
function coreCheck(config: unknown): ExperimentConfig {
  const checked = Trainer.validate(config);
  if (!checked.ok) throw new Error(`core refused the config: ${checked.code}: ${checked.message}`);
  return checked.value;
}

/** The config as a dashboard receives it: inside a `sessionState` frame, encoded and decoded by the codec. */
function overTheWire(config: ExperimentConfig): ExperimentConfig {
  const frame: JsonServerMessage = {
    type: 'sessionState', sessionId: 's', name: 'n', streamId: 'x', seq: 0, role: 'editor', you: 'c', config,
    status: 'paused', epoch: 0, speed: null, canRollback: false, presence: [], viewerCount: 1, events: [], points: null,
  };
  const decoded = decodeServerMessage(encodeServerMessage(frame));
  if (!decoded.ok) throw new Error(`protocol refused the config: ${decoded.code}: ${decoded.message}`);
  if (decoded.value.type !== 'sessionState') throw new Error(`decoded a ${decoded.value.type}`);
  return decoded.value.config;
}

function expectRoundTrip(config: ExperimentConfig): void {
  const checked = coreCheck(config);
  expect(checked).toStrictEqual(config);
  const carried = overTheWire(checked);
  expect(carried).toStrictEqual(config);
  expect(coreCheck(carried)).toStrictEqual(config);
}

describe('config round trip core → protocol → core', () => {
  it.each(PRESET_NAMES)('carries preset %s unchanged', (name) => {
    expectRoundTrip(getPreset(name)!);
  });

  it("keeps numpyRandom's scaleByFanIn (cavar-xor)", () => {
    expect(overTheWire(getPreset('cavar-xor')!).network.init).toStrictEqual({ kind: 'numpyRandom', scaleByFanIn: true });
  });

  it('carries 400 random configs using every field unchanged', () => {
    const configs = new RandomConfigs(20261203);
    for (let i = 0; i < 400; i++) {
      const config = configs.next();
      try {
        expectRoundTrip(config);
      } catch (err) {
        throw new Error(`config #${i} ${JSON.stringify(config)}: ${(err as Error).message}`, { cause: err });
      }
    }
  }, 60_000);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every leaf (number, string, boolean) of a JSON value. */
function leaves(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function withLeaf(value: Json, path: (string | number)[], leaf: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = leaf;
  return copy;
}

/** Values outside most fields' domains, and a few inside some (a negative bound, a fraction, a boolean). */
const ODD_VALUES: unknown[] = [Number.NaN, Infinity, -Infinity, null, 'text', true, 1e300, -1e300, 0.5, -1, 0, 1e6, 2 ** 32, [], {}];

describe("protocol's config schema against core's validator (the source)", () => {
  it('accepts exactly what core accepts when one field is corrupted, and carries it unchanged', () => {
    const configs = new RandomConfigs(7);
    const rng = new MT19937(8);
    const looser: string[] = [];
    const stricter: string[] = [];
    for (let i = 0; i < 300; i++) {
      const config = configs.next() as unknown as Json;
      const paths = leaves(config).filter((p) => !(p[0] === 'dataset' && (p[1] === 'csv' || p[1] === 'fixed')));
      const path = paths[Math.floor(rng.random() * paths.length)]!;
      const odd = ODD_VALUES[Math.floor(rng.random() * ODD_VALUES.length)];
      const mutated = withLeaf(config, path, odd);
      const core = Trainer.validate(mutated);
      const protocol = experimentConfigSchema.safeParse(mutated);
      const where = `${path.join('.')} = ${String(JSON.stringify(odd))}`;
      if (!core.ok && protocol.success) looser.push(`${where} (core: ${core.message})`);
      if (core.ok && !protocol.success) stricter.push(`${where} (protocol: ${protocol.error.issues[0]?.message})`);
      if (core.ok && protocol.success) expect(protocol.data).toStrictEqual(core.value);
    }
    expect(looser, `protocol accepts what core refuses:\n${looser.join('\n')}`).toEqual([]);
    expect(stricter, `protocol refuses what core accepts:\n${stricter.join('\n')}`).toEqual([]);
  }, 60_000);
});
