import { Trainer, getPreset } from '@liveprop/core';
import { describe, expect, it } from 'vitest';
import { TrainingLoop } from './trainingLoop.js';
import type { WireEvent } from './tickWire.js';
import type { WorkerCommand, WorkerReply } from './workerProtocol.js';

/** A training loop driven directly, as its worker would, answering each request with its reply's result. */
function tutorialLoop() {
  const config = getPreset('mazur-2-2-2')!;
  const replies = new Map<number, WorkerReply>();
  const loop = new TrainingLoop(new Trainer(config), { config, grid: 0, thumbnailGrid: 0, sliceMs: 4, tickMs: 10 }, (event: WireEvent) => {
    if (event.kind === 'reply') replies.set(event.id, event);
  });
  let nextId = 1;
  const answer = (command: Record<string, unknown> & { kind: WorkerCommand['kind'] }): WorkerReply['result'] => {
    const id = nextId++;
    loop.handle({ ...command, id } as WorkerCommand);
    const reply = replies.get(id);
    if (!reply) throw new Error(`expected a reply to ${command.kind}, got none`);
    return reply.result;
  };
  const request = (command: Record<string, unknown> & { kind: WorkerCommand['kind'] }): unknown => {
    const result = answer(command);
    if (!result.ok) throw new Error(`expected an ok reply to ${command.kind}, got ${result.code}: ${result.message}`);
    return result.value;
  };
  return { answer, request };
}

describe('the worker’s trace cache', () => {
  it('answers a repeated request at an unchanged state with the trace it already computed', () => {
    const { request } = tutorialLoop();
    const first = request({ kind: 'trace', sample: 0 });
    expect(request({ kind: 'trace', sample: 0 })).toBe(first);
    expect(request({ kind: 'trace', sample: 'batch' })).not.toBe(first);
    expect(request({ kind: 'trace', sample: 0 })).toBe(first);
  });

  it('recomputes after a learning-rate change, a step and a reset', () => {
    const { request } = tutorialLoop();
    const first = request({ kind: 'trace', sample: 0 }) as { learningRate: number; epoch: number };
    request({ kind: 'change', change: { what: 'learningRate', value: 0.9 } });
    const changed = request({ kind: 'trace', sample: 0 }) as { learningRate: number; epoch: number };
    expect(changed).not.toBe(first);
    expect(changed.learningRate).toBe(0.9);
    request({ kind: 'step', unit: 'epoch' });
    const stepped = request({ kind: 'trace', sample: 0 }) as { epoch: number };
    expect(stepped.epoch).toBe(first.epoch + 1);
    request({ kind: 'reset', mode: 'replay' });
    const reset = request({ kind: 'trace', sample: 0 });
    expect(reset).not.toBe(stepped);
    expect(reset).toEqual(changed);
  });

  it('answers a training row that does not exist with a refusal, and still traces real rows', () => {
    const { answer, request } = tutorialLoop();
    expect(answer({ kind: 'trace', sample: 7 })).toMatchObject({ ok: false });
    expect(request({ kind: 'trace', sample: 0 })).toMatchObject({ samples: [0] });
  });
});
