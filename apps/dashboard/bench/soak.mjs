// Soak benchmark: one session at unlimited speed, watched by headless Chromium for SOAK_SECONDS (default 60).
// Prints a table of epochs, JS heap, chart points held, frames and long tasks per interval.
// Run: pnpm --filter @liveprop/dashboard build && pnpm --filter @liveprop/dashboard bench
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from '@liveprop/server';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const intervalSeconds = Math.max(5, Math.round(seconds / 6));
const preset = process.env.SOAK_PRESET ?? 'xor';
process.env.LOG_LEVEL ??= 'warn';

const dataDir = await mkdtemp(join(tmpdir(), 'liveprop-soak-'));
const server = await createServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  dashboardDir: resolve(fileURLToPath(new URL('../dist', import.meta.url))),
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
try {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset }),
  });
  const { editUrl } = await res.json();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(editUrl);
  await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
  await page.evaluate(() => {
    const w = window;
    w.__soak = { frames: 0, longTasks: 0, longest: 0 };
    const tick = () => { w.__soak.frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { w.__soak.longTasks++; w.__soak.longest = Math.max(w.__soak.longest, e.duration); }
    }).observe({ type: 'longtask', buffered: false });
  });
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => window.__liveprop.setSpeed(null));
  await page.getByTestId('play').click();
  const rows = [];
  const started = Date.now();
  let lastEpoch = 0;
  for (let t = intervalSeconds; t <= seconds; t += intervalSeconds) {
    await page.waitForTimeout(started + t * 1000 - Date.now());
    // Measure what stays alive, not where the GC sawtooth happens to be.
    await cdp.send('HeapProfiler.collectGarbage');
    const sample = await page.evaluate(() => {
      const s = window.__soak;
      const out = {
        epoch: Number(document.querySelector('[data-testid="epoch"]')?.textContent),
        heapMB: performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : NaN,
        points: Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')),
        frames: s.frames, longTasks: s.longTasks, longestMs: s.longest,
      };
      s.frames = 0; s.longTasks = 0; s.longest = 0;
      return out;
    });
    rows.push({
      't (s)': t,
      epoch: sample.epoch,
      'epochs/s': Math.round((sample.epoch - lastEpoch) / intervalSeconds),
      'heap after GC MB': sample.heapMB.toFixed(1),
      'loss points': sample.points,
      'fps': (sample.frames / intervalSeconds).toFixed(1),
      'long tasks': sample.longTasks,
      'longest (ms)': Math.round(sample.longestMs),
    });
    lastEpoch = sample.epoch;
  }
  console.log(`soak: preset ${preset}, ${seconds}s at unlimited speed, 1280×800 headless Chromium`);
  console.table(rows);
} finally {
  await browser.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
