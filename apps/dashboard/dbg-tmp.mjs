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
console.log('enter pressed'); await page.waitForTimeout(300); console.log(await page.evaluate(() => JSON.stringify({e: window.__liveprop.lastError, lr: window.__liveprop.config.training.optimizer.learningRate}))); await page.evaluate(() => { const s = window.__liveprop; window.__log = []; setInterval(() => window.__log.push([Math.round(performance.now()), s.connection, s.epoch, s.status, s.lastError?.code]), 100); });
page.getByTestId('play').click().catch(() => {});
for (let i = 0; i < 30; i++) {
  await page.waitForTimeout(1000);
  try {
    console.log(await page.evaluate(() => { const s = window.__liveprop; const l = window.__log; window.__log = []; return JSON.stringify(l); }));
  } catch (e) { console.log('eval failed', e.message.slice(0, 100)); break; }
}
await browser.close(); await server.close();
