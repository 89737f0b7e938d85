import { describe, expect, it } from 'vitest';
import { decodeClientMessage, decodeServerMessage, encodeClientMessage, encodeServerMessage } from './codec.js';
import { MAX_CLIENT_FRAME_BYTES, PROTOCOL_VERSION } from './version.js';

const rejectsWith = (frame: string | Uint8Array, code: string, path?: string) => {
  const decoded = decodeClientMessage(frame);
  expect(decoded.ok).toBe(false);
  if (decoded.ok) return;
  expect(decoded.code).toBe(code);
  expect(decoded.message.length).toBeGreaterThan(0);
  if (path !== undefined) expect(decoded.path).toBe(path);
};

describe('decodeClientMessage', () => {
  it('[R1] accepts a hello and round-trips it through the encoder', () => {
    const hello = { type: 'hello' as const, protocol: PROTOCOL_VERSION, name: 'Ada' };
    expect(decodeClientMessage(encodeClientMessage(hello))).toEqual({ ok: true, value: hello });
  });

  it('[R3] accepts every client message kind', () => {
    const frames = [
      { type: 'join', sessionId: 'abc', editToken: 't', lastSeq: 4, streamId: 's1' },
      { type: 'control', command: { action: 'play' } },
      { type: 'control', command: { action: 'step', unit: 'batch' } },
      { type: 'control', command: { action: 'reset', mode: 'replay' } },
      { type: 'speed', epochsPerSecond: null },
      { type: 'speed', epochsPerSecond: 30 },
      { type: 'change', change: { what: 'learningRate', value: 0.03 } },
      { type: 'change', change: { what: 'optimizer', value: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } } },
      { type: 'change', change: { what: 'addLayer', index: 1, units: 4, activation: 'relu' } },
      { type: 'change', change: { what: 'dataset', value: { kind: 'spiral', samples: 400, noise: 0.1, testFraction: 0.2, seed: 3 } } },
      { type: 'setName', name: 'Grace' },
      { type: 'requestHistory', from: 0, to: 100, resolution: 50 },
      { type: 'requestTrace', sample: 2 },
      { type: 'rollback' },
      { type: 'ping', id: 7 },
    ];
    for (const frame of frames) expect(decodeClientMessage(JSON.stringify(frame))).toEqual({ ok: true, value: frame });
  });

  it('[R5] answers text that is not JSON with bad_json', () => rejectsWith('{"type":', 'bad_json'));
  it('[R5] answers a JSON array with invalid_field at type', () => rejectsWith('[1,2]', 'invalid_field', 'type'));
  it('[R5] answers a missing type with invalid_field at type', () => rejectsWith('{"protocol":1}', 'invalid_field', 'type'));
  it('[R5] answers an unknown type with unknown_type', () => rejectsWith('{"type":"launchMissiles"}', 'unknown_type'));
  it('[R5] answers a wrong field type with invalid_field naming the path', () =>
    rejectsWith('{"type":"hello","protocol":"one"}', 'invalid_field', 'protocol'));
  it('[R5] refuses a negative learning rate', () =>
    rejectsWith('{"type":"change","change":{"what":"learningRate","value":-1}}', 'invalid_field', 'change.value'));
  it('[R5] refuses a huge learning rate', () =>
    rejectsWith('{"type":"change","change":{"what":"learningRate","value":1e9}}', 'invalid_field', 'change.value'));
  it('[R5] refuses a NaN learning rate sent as a string', () =>
    rejectsWith('{"type":"change","change":{"what":"learningRate","value":"NaN"}}', 'invalid_field', 'change.value'));
  it('[R5] refuses a layer wider than the core limit', () =>
    rejectsWith('{"type":"change","change":{"what":"addLayer","index":0,"units":100000,"activation":"relu"}}', 'invalid_field', 'change.units'));
  it('[R5] refuses an unknown change kind inside a known message', () =>
    rejectsWith('{"type":"change","change":{"what":"everything","value":1}}', 'invalid_field', 'change.what'));
  it('[R5] refuses a name with control characters', () => rejectsWith('{"type":"setName","name":"a\\u0007b"}', 'invalid_field', 'name'));
  it('[R5] refuses bytes that are not UTF-8 with bad_frame', () => rejectsWith(new Uint8Array([0xff, 0xfe, 0x00]), 'bad_frame'));
  it('[R6] refuses a frame over 64 KiB with too_large', () =>
    rejectsWith(JSON.stringify({ type: 'setName', name: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }), 'too_large'));
  it('[R5] names the request type of an invalid known message', () => {
    const decoded = decodeClientMessage('{"type":"speed","epochsPerSecond":-3}');
    expect(decoded).toMatchObject({ ok: false, code: 'invalid_field', requestType: 'speed', path: 'epochsPerSecond' });
  });
});

describe('[R41] a client frame is closed at every depth', () => {
  const refusal = (frame: unknown) => decodeClientMessage(JSON.stringify(frame));
  const dataset = { kind: 'spiral', samples: 400, noise: 0.1, testFraction: 0.2, seed: 3 };

  it('refuses a key the message does not name, naming it', () => {
    expect(refusal({ type: 'hello', protocol: PROTOCOL_VERSION, nmae: 'Ada' })).toEqual({
      ok: false, code: 'invalid_field', requestType: 'hello', path: 'nmae', message: 'invalid "hello" message: unknown field "nmae" at the top level',
    });
  });

  it('says where a misplaced key belongs within the same message type', () => {
    expect(refusal({ type: 'control', action: 'play' })).toMatchObject({
      path: 'action', message: 'invalid "control" message: unknown field "action" at the top level; it belongs in "command"',
    });
  });

  it('refuses an unknown key nested in a change, before any other fault there', () => {
    expect(refusal({ type: 'change', change: { what: 'dataset', value: { ...dataset, nosie: 0.3 } } })).toMatchObject({
      code: 'invalid_field', path: 'change.value.nosie', message: 'invalid "change" message: unknown field "nosie" in "change.value"',
    });
    expect(refusal({ type: 'change', change: { what: 'optimizer', value: { kind: 'sgd', learningRate: 0.1, momentum: 0.9 } } })).toMatchObject({
      path: 'change.value.momentum', message: 'invalid "change" message: unknown field "momentum" in "change.value"',
    });
  });
});

describe('decodeServerMessage', () => {
  it('[R3] validates server JSON frames and round-trips them', () => {
    const frame = { type: 'error' as const, code: 'forbidden' as const, message: 'viewers cannot change settings', requestType: 'change' };
    expect(decodeServerMessage(encodeServerMessage(frame))).toEqual({ ok: true, value: frame });
  });

  it('[R8] carries non-finite metrics as null in columns', () => {
    const frame = {
      type: 'metrics' as const, streamId: 's', seq: 3,
      columns: { epoch: [1], trainLoss: [null], testLoss: [0.5], trainAccuracy: [null], testAccuracy: [1], learningRate: [0.1], epochMs: [0.2] },
    };
    expect(decodeServerMessage(encodeServerMessage(frame))).toEqual({ ok: true, value: frame });
  });

  it('[R11] answers a binary frame that is not a snapshot with bad_frame', () => {
    expect(decodeServerMessage(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, code: 'bad_frame' });
  });
});
