// Viewer swarm for the fan-out benchmark: runs in its own process so the server's CPU is measured alone.
// argv: <baseUrl> <sessionId> <editToken or '-'> <viewers>; with a token the first viewer is the editor, which plays on 'go'.
// Commands 'go', 'start', 'stop' from the parent; reports raw latencies and counts in one message to the parent.
import WebSocket from 'ws';
import { snapshotProducedAt } from '@liveprop/protocol';

const [baseUrl, sessionId, editToken, viewersArg] = process.argv.slice(2);
const viewers = Number(viewersArg);
const hasEditor = editToken !== '-';
const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/ws`;
const now = () => performance.timeOrigin + performance.now();

const latencies = [];
let measuring = false;
let snapshots = 0;
let snapshotBytes = 0;
let metricsFrames = 0;
let metricsBytes = 0;
let metricsEpochs = 0;
let countedFrames = 0;
let pings = 0;
let closedEarly = 0;
let started = Infinity;

function open(token, countEpochs = false) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('close', (code, reason) => {
      if (measuring) closedEarly++;
      if (process.env.BENCH_DEBUG) console.error(`viewer closed ${code} ${reason}`);
      reject(new Error(`closed ${code} before joining`));
    });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
      ws.send(JSON.stringify({ type: 'join', sessionId, ...(token ? { editToken: token } : {}) }));
    });
    ws.on('ping', () => {
      if (measuring) pings++;
    });
    ws.on('message', (data, isBinary) => {
      // Kind 3 is a binary metrics frame ([R25]): u32 epoch count at byte 8.
      if (isBinary && data[1] === 3) {
        if (!measuring) return;
        metricsFrames++;
        metricsBytes += data.byteLength;
        if (countEpochs) {
          countedFrames++;
          metricsEpochs += data.readUInt32LE(8);
        }
        return;
      }
      if (isBinary) {
        const producedAt = snapshotProducedAt(data);
        // Only frames produced inside the window: a joiner's first snapshot may be much older.
        if (!measuring || producedAt < started) return;
        latencies.push(now() - producedAt);
        snapshots++;
        snapshotBytes += data.byteLength;
        return;
      }
      if (data[9] === 0x73 && data.toString('utf8', 0, 24).startsWith('{"type":"sessionState"')) resolve(ws);
      if (measuring && data.toString('utf8', 0, 17) === '{"type":"metrics"') {
        metricsFrames++;
        metricsBytes += data.byteLength;
        // Epochs per frame are the same for everyone; parsing them on one socket keeps the swarm's CPU for receiving.
        if (!countEpochs) return;
        countedFrames++;
        const text = data.toString('utf8');
        const start = text.indexOf('"epoch":[') + 9;
        metricsEpochs += text.slice(start, text.indexOf(']', start)).split(',').length;
      }
    });
  });
}

const editor = hasEditor ? await open(editToken, true) : null;
const sockets = editor ? [editor] : [];
while (sockets.length < viewers) {
  const batch = [];
  for (let j = 0; j < 50 && sockets.length + batch.length < viewers; j++) batch.push(open(undefined, sockets.length + j === 0));
  sockets.push(...(await Promise.all(batch)));
  if (process.env.BENCH_DEBUG) console.error(`joined ${sockets.length}`);
}
process.send({ kind: 'joined', viewers: sockets.length });
// Queued, because a busy event loop can deliver two commands in one turn.
const commands = [];
let wake = null;
process.on('message', (m) => {
  commands.push(m);
  wake?.();
});
const nextCommand = async () => {
  while (commands.length === 0) await new Promise((resolve) => (wake = resolve));
  return commands.shift();
};

// The parent owns the measurement window: play on 'go', count between 'start' and 'stop'.
await nextCommand();
editor?.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
await nextCommand();
measuring = true;
started = now();
const cpu0 = process.cpuUsage();
await nextCommand();
measuring = false;
const elapsed = (now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
editor?.send(JSON.stringify({ type: 'control', command: { action: 'pause' } }));

process.send({
  kind: 'report',
  latencies,
  viewers,
  elapsed,
  snapshots,
  snapshotBytes,
  metricsFrames,
  metricsBytes,
  metricsEpochs,
  countedFrames,
  pings,
  closedEarly,
  cpuPercent: (cpu.user + cpu.system) / 1e4 / elapsed,
}, () => {
  // Exit only once the report is flushed: at 1000 viewers it is larger than the IPC pipe's buffer.
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
