import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, readEpoch, screenshotter, startServer, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('live');

/**
 * One story, step by step, against a real server and real Chromium: the steps share the session created in
 * the first one, so they run in order.
 */
describe('watching and steering a session together', () => {
  let server: RunningServer;
  let browser: Browser;
  let editorContext: BrowserContext;
  let editor: Page;
  let peerContext: BrowserContext;
  let peer: Page;
  let viewerContext: BrowserContext;
  let viewer: Page;
  let editUrl = '';
  let viewUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    editorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    editorContext.setDefaultTimeout(15_000);
    editor = await editorContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a session from the lobby and lands in it as an editor', async () => {
    await editor.goto(server.url);
    await editor.getByTestId('new-session').waitFor();
    await screenshot(editor, 'lobby');
    await editor.getByTestId('preset').selectOption('spiral');
    await editor.getByTestId('new-session').click();
    await editor.waitForURL(/\/s\/[^/#]+#edit=.+/);
    await editor.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await editor.locator('[data-role="editor"]').waitFor();
    editUrl = editor.url();
    viewUrl = editUrl.replace(/#.*$/, '');
    expect(await editor.getByTestId('play').isEnabled()).toBe(true);
    expect(await testIdText(editor, 'viewer-count')).toBe('1');
    await screenshot(editor, 'session-created');
  });

  it('plays, and the epoch and the loss move', async () => {
    const lossBefore = await testIdText(editor, 'train-loss');
    await editor.getByTestId('play').click();
    await editor.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 30);
    await editor.waitForFunction(
      (before) => {
        const now = document.querySelector('[data-testid="train-loss"]')?.textContent?.trim();
        return now !== undefined && now !== '—' && now !== before;
      },
      lossBefore,
    );
    expect(Number.isFinite(Number(await testIdText(editor, 'train-loss')))).toBe(true);
    await editor.locator('[data-testid="decision-surface"][data-has-surface="true"]').waitFor();
    // A square bitmap at every pixel ratio: a 300×150 default canvas would show the plane's top half stretched.
    const bitmap = await editor.getByTestId('decision-surface').evaluate((c: HTMLCanvasElement) => [c.width, c.height, devicePixelRatio]);
    expect(bitmap).toEqual([300 * bitmap[2]!, 300 * bitmap[2]!, bitmap[2]]);
    const plotted = Number(await editor.getByTestId('loss-chart').getAttribute('data-points'));
    expect(plotted).toBeGreaterThan(10);
    await screenshot(editor, 'playing');
  });

  it('a second browser on the same link sees the same epoch and both are counted present', async () => {
    peerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    peer = await peerContext.newPage();
    await peer.goto(editUrl);
    await peer.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await editor.getByTestId('pause').click();
    await editor.locator('[data-status="paused"]').first().waitFor();
    const editorEpoch = await readEpoch(editor);
    await peer.waitForFunction(
      (epoch) => Number(document.querySelector('[data-testid="epoch"]')?.textContent) === epoch,
      editorEpoch,
    );
    expect(await readEpoch(peer)).toBe(editorEpoch);
    await editor.waitForFunction(() => document.querySelector('[data-testid="viewer-count"]')?.textContent === '2');
    await screenshot(peer, 'second-browser-same-epoch');
  });

  it("an editor's learning-rate change and added neuron reach the other browser within a second", async () => {
    const layersBefore = (await peer.getByTestId('hidden-layers').getAttribute('data-layers')) ?? '';
    const firstLayer = Number(layersBefore.split(',')[0]);
    const input = editor.getByTestId('learning-rate');
    await input.fill('0.0123');
    await input.press('Enter');
    await editor.getByTestId('add-neuron-0').click();
    // Own change shows at once.
    expect(await editor.getByTestId('hidden-layers').getAttribute('data-layers')).toMatch(new RegExp(`^${firstLayer + 1}\\b`));

    const seenWithin = { timeout: 1000 };
    await peer.waitForFunction(
      () => (document.querySelector('[data-testid="learning-rate"]') as HTMLInputElement | null)?.value === '0.0123',
      undefined,
      seenWithin,
    );
    await peer.waitForFunction(
      (n) => document.querySelector('[data-testid="hidden-layers"]')?.getAttribute('data-layers')?.split(',')[0] === String(n),
      firstLayer + 1,
      seenWithin,
    );
    await peer.waitForFunction(
      () => {
        const feed = document.querySelector('[data-testid="activity"]');
        return !!feed?.querySelector('[data-what="learningRate"]') && !!feed.querySelector('[data-what="addNeuron"]');
      },
      undefined,
      seenWithin,
    );
    const feedText = await testIdText(peer, 'activity');
    expect(feedText).toContain('0.0123');
    await screenshot(peer, 'peer-sees-changes');
  });

  it('a view-only browser sees everything but cannot change anything', async () => {
    viewerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    viewer = await viewerContext.newPage();
    await viewer.goto(viewUrl);
    await viewer.locator('[data-role="viewer"]').waitFor();
    for (const id of ['play', 'pause', 'step', 'reset', 'learning-rate', 'add-neuron-0']) {
      expect(await viewer.getByTestId(id).isDisabled(), `${id} should be disabled`).toBe(true);
    }
    await viewer.getByTestId('view-only').waitFor();
    // Even a hand-crafted command is refused by the server and changes nothing.
    await viewer.evaluate(() => {
      const store = (window as unknown as { __liveprop: { change(c: unknown, shown: unknown): void } }).__liveprop;
      store.change({ what: 'learningRate', value: 5 }, 5);
    });
    await viewer.locator('[data-testid="last-error"]').waitFor();
    expect(await viewer.getByTestId('last-error').getAttribute('data-code')).toBe('forbidden');
    expect(await testIdText(viewer, 'last-error')).toMatch(/^Not allowed — /);
    expect(await viewer.getByTestId('learning-rate').inputValue()).toBe('0.0123');
    expect(await editor.getByTestId('learning-rate').inputValue()).toBe('0.0123');
    await editor.waitForFunction(() => document.querySelector('[data-testid="viewer-count"]')?.textContent === '3');
    await screenshot(viewer, 'viewer-phone-width');
  });

  it('recovers from a dropped socket with no gap in the chart data', async () => {
    await editor.getByTestId('play').click();
    await editor.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'running');
    const before = await readEpoch(peer);
    await peer.evaluate(() => {
      (window as unknown as { __liveprop: { dropConnection(ms: number): void } }).__liveprop.dropConnection(1500);
    });
    await peer.locator('[data-testid="connection-status"][data-status="reconnecting"]').waitFor();
    await screenshot(peer, 'reconnecting');
    await peer.locator('[data-testid="connection-status"][data-status="open"]').waitFor({ timeout: 15_000 });
    // Resumed from its last seq: the server replayed exactly the missed frames, no full resync.
    expect(await peer.getByTestId('connection-status').getAttribute('data-join')).toBe('resumed');
    await editor.getByTestId('pause').click();
    await editor.locator('[data-status="paused"]').first().waitFor();
    const finalEpoch = await readEpoch(editor);
    await peer.waitForFunction(
      (epoch) => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-last-epoch')) === epoch,
      finalEpoch,
    );
    expect(finalEpoch).toBeGreaterThan(before);
    const chart = peer.getByTestId('loss-chart');
    expect(await chart.getAttribute('data-gaps')).toBe('0');
    const epochsHeld = Number(await chart.getAttribute('data-epochs'));
    const firstEpoch = Number(await chart.getAttribute('data-first-epoch'));
    expect(epochsHeld).toBe(finalEpoch - firstEpoch + 1);
    const editorHeld = Number(await editor.getByTestId('loss-chart').getAttribute('data-epochs'));
    expect(epochsHeld).toBe(editorHeld);
    await screenshot(peer, 'recovered-no-gap');
  });
});
