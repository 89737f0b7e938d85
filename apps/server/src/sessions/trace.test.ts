import { TRACE_MAX_FRAME_BYTES, TRACE_WINDOW, type ServerMessage, type StepTraceWire } from '@liveprop/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../socket/connection.js';
import { TestClient } from '../testing/testClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { DEEP_WIDE, wideNetworkConfig } from '../testing/wideNetworks.js';

type TraceFrame = Extract<ServerMessage, { type: 'trace' }>;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Byte lengths of every `trace` text frame the client receives, as they came off the socket. */
function traceFrameBytes(client: TestClient): number[] {
  const sizes: number[] = [];
  client.ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary && data.subarray(0, 20).toString('utf8').startsWith('{"type":"trace"')) sizes.push(data.byteLength);
  });
  return sizes;
}

async function traceOf(client: TestClient, sample: number | 'batch'): Promise<StepTraceWire> {
  client.send({ type: 'requestTrace', sample });
  const frame = await client.next<TraceFrame>((m) => m.type === 'trace' && m.sample === sample, 20_000);
  return frame.trace;
}

describe('step traces on the wire', () => {
  it('[R19] sends a tutorial network’s trace whole, with its true sizes, flagged not clipped', async () => {
    const session = await server.createSession({ preset: 'mazur-2-2-2' });
    const viewer = await TestClient.joined(server.url, session.id);
    const trace = await traceOf(viewer, 0);
    expect(trace).toMatchObject({ window: TRACE_WINDOW, clipped: false, size: { samples: 1, layers: [{ inputs: 2, outputs: 2 }, { inputs: 2, outputs: 2 }] } });
    expect(trace.outputs[0]![0]).toBeCloseTo(0.75136507, 8);
    expect(trace.loss).toBeCloseTo(0.29837111, 8);
    expect(trace.layers[1]!.weightsAfter[0]![0]).toBeCloseTo(0.35891648, 8);
    viewer.close();
  });

  it('[R19] keeps the batch trace of a 16-layer network wider than the window under the frame budget, with true sizes', async () => {
    const session = await server.createSession({ config: wideNetworkConfig(DEEP_WIDE) });
    const viewer = await TestClient.joined(server.url, session.id);
    const bytes = traceFrameBytes(viewer);
    const trace = await traceOf(viewer, 'batch');
    expect(trace.clipped).toBe(true);
    expect(trace.size.samples).toBe(DEEP_WIDE.rows);
    expect(trace.size.layers).toHaveLength(16);
    expect(trace.size.layers[0]).toEqual({ inputs: 64, outputs: 128 });
    expect(trace.size.layers[7]).toEqual({ inputs: 128, outputs: 128 });
    expect(trace.size.layers[15]).toEqual({ inputs: 128, outputs: 64 });
    expect(trace.window).toBeLessThan(TRACE_WINDOW);
    expect(trace.samples).toHaveLength(trace.window);
    expect(trace.layers[7]!.weights).toHaveLength(trace.window);
    expect(trace.layers[7]!.delta.every((row) => row.length === trace.window)).toBe(true);
    expect(bytes).toHaveLength(1);
    expect(bytes[0]).toBeLessThanOrEqual(TRACE_MAX_FRAME_BYTES);
    expect(bytes[0]).toBeLessThan(DEFAULT_LIMITS.maxBufferedBytes);
    // The reader is still connected: a frame past the queue cap would have closed it as a slow consumer.
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);
    viewer.close();
  });

  it('[R19] answers repeated requests at one state with equal traces, and a learning-rate change with new numbers', async () => {
    const session = await server.createSession({ preset: 'mazur-2-2-2' });
    const editor = await TestClient.joined(server.url, session.id, session.editToken);
    const viewer = await TestClient.joined(server.url, session.id);
    const first = await traceOf(viewer, 0);
    expect(await traceOf(editor, 0)).toEqual(first);
    expect(await traceOf(viewer, 0)).toEqual(first);

    editor.send({ type: 'change', change: { what: 'learningRate', value: 0.25 } });
    await viewer.next((m) => m.type === 'event' && m.what === 'learningRate');
    const changed = await traceOf(viewer, 0);
    expect(changed.epoch).toBe(first.epoch);
    expect(changed.learningRate).toBe(0.25);
    expect(changed.layers[1]!.weightsUpdate).not.toEqual(first.layers[1]!.weightsUpdate);
    expect(changed.layers[1]!.weights).toEqual(first.layers[1]!.weights);

    editor.send({ type: 'control', command: { action: 'step', unit: 'epoch' } });
    await viewer.next((m) => m.type === 'metrics');
    const stepped = await traceOf(viewer, 0);
    expect(stepped.epoch).toBe(first.epoch + 1);
    expect(stepped.layers[1]!.weights).toEqual(changed.layers[1]!.weightsAfter);
    editor.close();
    viewer.close();
  });
});
