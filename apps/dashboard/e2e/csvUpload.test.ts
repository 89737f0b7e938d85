import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetSession, desktopSuite, screenshotter, testIdText } from './harness.js';

const screenshot = screenshotter('csv-upload');
const MB = 1024 * 1024;
let dir = '';

/** Writes a CSV of `inputs` numeric columns and a 0/1 label, about `bytes` long, without holding it in memory. */
async function writeCsv(path: string, inputs: number, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const header = [...Array.from({ length: inputs }, (_, k) => `x${k + 1}`), 'label'].join(',');
  out.write(`${header}\n`);
  let written = header.length + 1;
  let seed = 12345;
  while (written < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const row: string[] = [];
      let sum = 0;
      for (let j = 0; j < inputs; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const v = seed / 1073741824 - 1;
        sum += v;
        row.push(v.toFixed(7));
      }
      lines.push(`${row.join(',')},${sum > 0 ? 1 : 0}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise((resolve) => out.end(resolve));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liveprop-csv-e2e-'));
  await writeCsv(join(dir, 'ten-mb.csv'), 3, 10 * MB);
  await writeCsv(join(dir, 'sixty-mb.csv'), 6, 60 * MB);
  await writeFile(join(dir, 'malformed.csv'), 'x1,x2,label\n0.5,0.25,1\n0.1,oops,0\n0.3,0.2,1\n');
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CSV upload over HTTP from the dataset control', { timeout: 180_000 }, () => {
  const suite = desktopSuite();

  /** Starts watching for the progress bar, so a test can ask afterwards whether it was shown. */
  const watchProgress = () =>
    suite.page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="csv-progress"]')) {
          w.sawProgress = true;
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
  const sawProgress = () => suite.page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress);

  /** Picks a generated file of about `mb` MB; the control shows progress, then says it loaded the file. */
  async function uploadWithProgress(name: string, mb: number): Promise<void> {
    expect((await stat(join(dir, name))).size).toBeGreaterThanOrEqual(mb * MB);
    await watchProgress();
    await suite.page.getByTestId('csv-input').setInputFiles(join(dir, name));
    await suite.page.getByTestId('csv-loaded').waitFor({ timeout: 170_000 });
    expect(await testIdText(suite.page, 'csv-loaded')).toBe(`Loaded ${name} · ${(((await stat(join(dir, name))).size) / MB).toFixed(1)} MB`);
    expect(await sawProgress()).toBe(true);
  }

  it('uploads a 10 MB CSV with progress; the session switches to its 3 inputs', async () => {
    const { page, server } = suite;
    await createPresetSession(page, server.url, 'xor');
    await page.locator('[data-testid="network"][data-units="2,8,8,1"]').waitFor();
    await uploadWithProgress('ten-mb.csv', 10);
    await page.locator('[data-testid="network"][data-units="3,8,8,1"]').waitFor();
    expect(await page.getByTestId('activity').locator('li[data-what="dataset"]').count()).toBe(1);
  });

  it('uploads a 60 MB CSV (about 940,000 rows of 6 inputs)', async () => {
    const { page } = suite;
    await uploadWithProgress('sixty-mb.csv', 60);
    await page.locator('[data-testid="network"][data-units="6,8,8,1"]').waitFor();
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await screenshot(page, 'sixty-mb-loaded');
  });

  it('shows a malformed CSV\'s row and column next to the control and keeps the dataset', async () => {
    const { page } = suite;
    const started = Date.now();
    await page.getByTestId('csv-input').setInputFiles(join(dir, 'malformed.csv'));
    await page.getByTestId('csv-error').waitFor({ timeout: 120_000 });
    console.log(`malformed CSV answered in ${Date.now() - started} ms after the 60 MB upload`);
    expect(await testIdText(page, 'csv-error')).toBe("malformed.csv: row 3, column 2: 'oops' is not a number");
    expect(await page.getByTestId('csv-loaded').count()).toBe(0);
    await page.locator('[data-testid="network"][data-units="6,8,8,1"]').waitFor();
    expect(await page.getByTestId('activity').locator('li[data-what="dataset"]').count()).toBe(2);
    await screenshot(page, 'malformed');
  });
});
