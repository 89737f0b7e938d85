// Viewer swarm for the fan-out benchmark: runs in its own process so the server's CPU is measured alone.
// argv: <baseUrl> <sessionId> <editToken> <viewers>; commands 'go', 'start', 'stop' from the parent. Reports one JSON message to the parent.
import WebSocket from 'ws';
import { snapshotProducedAt } from '@liveprop/protocol';

const [baseUrl, sessionId, editToken, viewersArg] = process.argv.slice(2);
const viewers = Number(viewersArg);
const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/ws`;
const now = () => performance.timeOrigin + performance.now();

const latencies = [];
let measuring = false;
let snapshots = 0;
let snapshotBytes = 0;
let metricsFrames = 0;
let metricsBytes = 0;
let metricsEpochs = 0;
let closedEarly = 0;
let started = Infinity;

function open(token) {
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
    ws.on('message', (data, isBinary) => {
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
        const text = data.toString('utf8');
        const start = text.indexOf('"epoch":[') + 9;
        metricsEpochs += text.slice(start, text.indexOf(']', start)).split(',').length;
      }
    });
  });
}

const editor = await open(editToken);
const sockets = [];
for (let i = 0; i < viewers - 1; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(viewers - 1, i + 50); j++) batch.push(open());
  sockets.push(...(await Promise.all(batch)));
  if (process.env.BENCH_DEBUG) console.error(`joined ${sockets.length + 1}`);
}
process.send({ kind: 'joined', viewers: sockets.length + 1 });
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
editor.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
await nextCommand();
measuring = true;
started = now();
const cpu0 = process.cpuUsage();
await nextCommand();
measuring = false;
const elapsed = (now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
editor.send(JSON.stringify({ type: 'control', command: { action: 'pause' } }));

latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
process.send({
  kind: 'report',
  p50: q(0.5),
  p99: q(0.99),
  snapshotsPerViewerPerSecond: snapshots / viewers / elapsed,
  bytesPerSnapshot: snapshots ? snapshotBytes / snapshots : NaN,
  bytesPerMetricsFrame: metricsFrames ? metricsBytes / metricsFrames : NaN,
  epochsPerMetricsFrame: metricsFrames ? metricsEpochs / metricsFrames : NaN,
  closedEarly,
  viewerCpuPercent: (cpu.user + cpu.system) / 1e4 / elapsed,
});
for (const ws of [editor, ...sockets]) ws.terminate();
process.exit(0);
