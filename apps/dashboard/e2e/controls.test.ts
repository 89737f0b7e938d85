import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { desktopSuite, screenshotter, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('controls');

async function createSession(server: RunningServer, body: unknown): Promise<string> {
  const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return new URL(((await res.json()) as { editUrl: string }).editUrl, server.url).href;
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
  await page.locator('[data-role="editor"]').waitFor();
}

describe('controls a TensorFlow Playground user reaches for', () => {
  const suite = desktopSuite();

  it('picks input features live: the network widens and labels its inputs, the feed says which', async () => {
    const { server, page } = suite;
    await open(page, await createSession(server, { preset: 'circle' }));
    expect(await page.getByTestId('input-label').allTextContents()).toEqual(['x1', 'x2']);
    await page.getByTestId('feature-x1Squared').check();
    await page.locator('[data-testid="network"][data-units^="3,"]').waitFor();
    await page.getByTestId('feature-sinX2').check();
    await page.locator('[data-testid="network"][data-units^="4,"]').waitFor();
    expect(await page.getByTestId('input-label').allTextContents()).toEqual(['x1', 'x2', 'x1²', 'sin x2']);
    const entry = page.locator('[data-testid="activity"] li[data-what="dataset"] .what').first();
    expect(await entry.textContent()).toBe('Dataset circle: features x1, x2, x1² → x1, x2, x1², sin x2');
    await page.getByTestId('step').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="epoch"]')?.textContent === '1');
    expect(Number(await testIdText(page, 'train-loss'))).toBeGreaterThan(0);
  });

  it('switches the dataset kind inside the session, to three classes too', async () => {
    const { page } = suite;
    await page.getByTestId('dataset-kind').selectOption('gauss');
    await page.locator('[data-testid="activity"] li[data-what="dataset"] .what', { hasText: 'Dataset: circle → gauss' }).waitFor();
    await page.getByTestId('dataset-classes').selectOption('3');
    await page.locator('[data-testid="network"][data-units$=",3"]').waitFor();
    await page.getByTestId('step').click();
    await page.locator('[data-testid="decision-surface"][data-classes="3"]').waitFor();
    await screenshot(page, 'features-and-gauss-3');
  });

  it('lists the shortcuts on "?", and Space plays and pauses once even while a button has focus', async () => {
    const { page } = suite;
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor();
    expect(await help.textContent()).toContain('Play / pause');
    await screenshot(page, 'shortcut-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.getByTestId('replay').focus();
    await page.keyboard.press(' ');
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
    // Space did not also press the focused Replay button.
    expect(await page.locator('[data-testid="activity"] li[data-what="reset"]').count()).toBe(0);
    await page.keyboard.press(' ');
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    expect(await page.locator('[data-testid="activity"] li[data-what="reset"]').count()).toBe(0);
  });

  it('exports the loss chart as an opaque PNG in the screen’s colours', async () => {
    const { page } = suite;
    const pixels = await page.evaluate(async () => {
      const button = document.querySelector('[data-testid="export-png"]') as HTMLButtonElement;
      let href = '';
      const original = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        href = this.href;
      };
      button.click();
      HTMLAnchorElement.prototype.click = original;
      const img = new Image();
      img.src = href;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let transparent = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) transparent++;
      return { corner: [d[0], d[1], d[2], d[3]], transparent };
    });
    expect(pixels.transparent).toBe(0);
    expect(pixels.corner).toEqual([0x16, 0x1b, 0x22, 255]);
  });

  it('a new session from the form takes learning rate, optimizer, batch size, test split, noise and features, and starts at 30 epochs/s', async () => {
    const { server, page } = suite;
    await page.goto(server.url);
    await page.getByTestId('preset').selectOption('gauss-3');
    expect(await testIdText(page, 'preset-description')).not.toBe('');
    await page.getByTestId('custom-mode').check();
    await page.getByTestId('custom-dataset').selectOption('moons');
    await page.getByTestId('custom-learning-rate').fill('0.1');
    await page.getByTestId('custom-optimizer').selectOption('momentum');
    await page.getByTestId('custom-batch-size').selectOption('32');
    await page.getByTestId('custom-test-split').fill('0.5');
    await page.getByTestId('custom-noise').fill('0.25');
    await page.getByTestId('custom-feature-x1x2').check();
    await screenshot(page, 'new-session-form');
    await page.getByTestId('new-session').click();
    await page.waitForURL(/\/s\/[^/#]+#edit=.+/);
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.locator('[data-role="editor"]').waitFor();
    const { config: c, speed } = await page.evaluate(() => {
      const s = (window as unknown as { __liveprop: { config: unknown; speed: number | null } }).__liveprop;
      return { config: JSON.parse(JSON.stringify(s.config)) as ExperimentConfig, speed: s.speed };
    });
    expect(c.training.optimizer).toMatchObject({ kind: 'momentum', learningRate: 0.1 });
    expect(c.training.batchSize).toBe(32);
    expect(c.dataset).toMatchObject({ kind: 'moons', testFraction: 0.5, noise: 0.25, features: ['x1', 'x2', 'x1x2'] });
    expect(c.network.inputs).toBe(3);
    expect(speed).toBe(30);
    expect(await page.getByTestId('speed').locator('option:checked').textContent()).toBe('30 /s');
  });

  it('a 10-layer network of 64-wide layers stays legible: it scrolls sideways, names its columns and inputs', async () => {
    const { server, page } = suite;
    const config = structuredClone(getPreset('spiral')!);
    const last = config.network.layers.at(-1)!;
    config.network.layers = [...Array.from({ length: 10 }, () => ({ units: 64, activation: 'tanh' as const, bias: { kind: 'perNeuron' as const } })), last];
    await open(page, await createSession(server, { config }));
    const network = page.getByTestId('network');
    await page.locator('[data-testid="network"][data-units^="7,64,64"]').waitFor();
    const scroll = page.getByTestId('network-scroll');
    const [scrollWidth, clientWidth] = await scroll.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await network.locator('.column-name').allTextContents()).toEqual(['in', 'L1 +52', 'L2 +52', 'L3 +52', 'L4 +52', 'L5 +52', 'L6 +52', 'L7 +52', 'L8 +52', 'L9 +52', 'L10 +52', 'out'].map((t) => t.replace(' ', '')));
    expect(await page.getByTestId('input-label').count()).toBe(7);
    await screenshot(page, 'ten-layers');
    await page.locator('.panel:has([data-testid="network"])').screenshot({ path: `${process.cwd()}/screenshots/controls-ten-layers-diagram.png` });
  });

  it('keeps play and pause in reach at phone width without scrolling back', async () => {
    const { server, browser } = suite;
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await open(page, await createSession(server, { preset: 'xor' }));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await page.getByTestId('play').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await page.getByTestId('play').tap();
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
    await page.getByTestId('pause').tap();
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'phone-width');
    await page.screenshot({ path: `${process.cwd()}/screenshots/controls-phone-viewport.png` });
    await phone.close();
  });
});
