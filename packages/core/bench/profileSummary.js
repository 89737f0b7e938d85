// `node bench/profileSummary.js file.cpuprofile [top]`: self time per function of a `node --cpu-prof` profile.
// Profile a row with: node --cpu-prof --cpu-prof-dir=/tmp/prof bench/row.js spiral trainer
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profileSummary.js <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
for (let k = 0; k < profile.samples.length; k++) {
  const node = byId.get(profile.samples[k]);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + (profile.timeDeltas[k] ?? 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const rows = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
for (const [key, micros] of rows) process.stdout.write(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}\n`);
