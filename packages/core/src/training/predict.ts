import type { TrainingState } from './state.js';

/** Network outputs for raw input rows, forwarded in evaluation-sized chunks; throws when a row has the wrong width. */
export function predictRows(state: TrainingState, inputs: readonly (readonly number[])[]): number[][] {
  const net = state.network;
  const ws = state.evalWs;
  const out: number[][] = [];
  for (let start = 0; start < inputs.length; start += ws.capacity) {
    const batch = Math.min(ws.capacity, inputs.length - start);
    for (let r = 0; r < batch; r++) {
      const row = inputs[start + r]!;
      if (row.length !== net.inputs) throw new RangeError(`inputs[${start + r}] has ${row.length} numbers, expected ${net.inputs}`);
      ws.x.set(row, r * net.inputs);
    }
    const a = net.forward(ws, batch);
    for (let r = 0; r < batch; r++) out.push(Array.from(a.subarray(r * net.outputs, (r + 1) * net.outputs)));
  }
  return out;
}
