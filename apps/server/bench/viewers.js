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

function open(token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('close', () => {
      if (measuring) closedEarly++;
    });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
      ws.send(JSON.stringify({ type: 'join', sessionId, ...(token ? { editToken: token } : {}) }));
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        if (!measuring) return;
        latencies.push(now() - snapshotProducedAt(data));
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
}
process.send({ kind: 'joined', viewers: sockets.length + 1 });
const nextCommand = () => new Promise((resolve) => process.once('message', resolve));

// The parent owns the measurement window: play on 'go', count between 'start' and 'stop'.
await nextCommand();
editor.send(JSON.stringify({ type: 'control', command: { action: 'play' } }));
await nextCommand();
measuring = true;
const started = now();
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
