import { chromium } from 'playwright-core';
import { createServer } from '@liveprop/server';
process.env.LOG_LEVEL = 'warn';
const server = await createServer({ host: '127.0.0.1', port: 0, dataDir: (await import('node:fs')).mkdtempSync('/tmp/dbg-'), dashboardDir: new URL('./dist', import.meta.url).pathname });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
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
console.log('enter pressed'); await page.waitForTimeout(300); console.log(await page.evaluate(() => JSON.stringify({e: window.__liveprop.lastError, lr: window.__liveprop.config.training.optimizer.learningRate}))); await page.getByTestId('play').click(); console.log('clicked play');
for (let i = 0; i < 30; i++) {
  await page.waitForTimeout(100);
  try {
    console.log(await page.evaluate(() => { const s = window.__liveprop; return JSON.stringify({ status: s.status, epoch: s.epoch, err: s.lastError, loss: s.latest?.trainLoss, heap: performance.memory?.usedJSHeapSize }); }));
  } catch (e) { console.log('eval failed', e.message.slice(0, 100)); break; }
}
await browser.close(); await server.close();
