import { chromium } from 'playwright-core';
import { createServer } from '@liveprop/server';
process.env.LOG_LEVEL = 'warn';
const server = await createServer({ host: '127.0.0.1', port: 0, dataDir: (await import('node:fs')).mkdtempSync('/tmp/dbg-'), dashboardDir: '/tmp/dash-prof' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr'], logger: { isEnabled: (n) => n === 'browser', log: (n, s, m) => { if (!String(m).includes('dbus')) console.log('LOG', String(m).slice(0, 300)); } } });
const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: process.argv[2] }) });
const { editUrl } = await res.json();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.on('crash', () => console.log('PAGE CRASHED'));
page.on('close', () => console.log('PAGE CLOSED', browser.isConnected()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.text()); });
await page.goto(editUrl);
await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
console.log('before fill'); await page.getByTestId('learning-rate').fill('100'); console.log('filled');
await page.getByTestId('learning-rate').press('Enter');
console.log('enter pressed'); await page.waitForTimeout(300); console.log(await page.evaluate(() => JSON.stringify({e: window.__liveprop.lastError, lr: window.__liveprop.config.training.optimizer.learningRate}))); page.getByTestId('play').click().catch(() => {});
for (let i = 0; i < 100; i++) {
  await new Promise((r) => setTimeout(r, 50));
  try {
    console.log(await page.evaluate(() => {
      const s = window.__liveprop;
      const ys = s.history.series('trainLoss').map((p) => p.y);
      const w = s.snapshot?.layers.flatMap((l) => Array.from(l.weights)) ?? [];
      const surf = s.snapshot?.surface?.values ?? [];
      return JSON.stringify({ st: s.status, ep: s.epoch, minLoss: Math.min(...ys), maxLoss: Math.max(...ys), n: ys.length, wmax: Math.max(...w.map(Math.abs)), latest: s.latest, surfNaN: Array.from(surf).filter((v) => !Number.isFinite(v)).length, g: s.snapshot?.layers.map((l) => l.gradientNorm) });
    }));
  } catch (e) { console.log('eval failed', e.message.slice(0, 80)); break; }
}
await browser.close(); await server.close();
