/** WebSocket opcodes of the frames a broadcast pre-frames (RFC 6455 §5.2). */
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;
export const OPCODE_PING = 0x9;

/**
 * One unmasked, final server frame (RFC 6455 §5.2): header and payload in one buffer, ready for `socket.write`.
 * Payloads of 2^32 bytes or more are not framed here; ours are capped far below.
 */
export function frame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const headerBytes = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headerBytes + n);
  out[0] = 0x80 | opcode;
  if (n < 126) {
    out[1] = n;
  } else if (n < 65536) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(0, 2);
    out.writeUInt32BE(n, 6);
  }
  out.set(payload, headerBytes);
  return out;
}

const wires = new WeakMap<Uint8Array, Buffer>();

/**
 * The wire bytes of a broadcast payload, framed once for every socket it goes to: a session hands all its
 * participants the same payload object, so the first framing is reused by the rest.
 */
export function broadcastWire(payload: Uint8Array, opcode: number): Buffer {
  let wire = wires.get(payload);
  if (wire === undefined) {
    wire = frame(opcode, payload);
    wires.set(payload, wire);
  }
  return wire;
}
