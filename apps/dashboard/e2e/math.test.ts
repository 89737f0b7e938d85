import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { getPreset, type ExperimentConfig } from '@liveprop/core';
import { PROTOCOL_VERSION, decodeServerMessage, type ServerMessage } from '@liveprop/protocol';
import { join } from 'node:path';
import { SCREENSHOT_DIR, launchChromium, readEpoch, screenshotter, startServer, type RunningServer } from './harness.js';

const screenshot = screenshotter('math');

/** Creates a session from a preset name or a full config over REST, as a script would, and returns its edit link. */
async function createSession(server: RunningServer, preset: string | ExperimentConfig): Promise<{ id: string; editUrl: string }> {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(typeof preset === 'string' ? { preset } : { config: preset }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; editUrl: string };
}

/** Opens a session, then its math view, and waits until the view shows a trace of the chosen sample. */
async function openMath(page: Page, editUrl: string): Promise<void> {
  await page.goto(editUrl);
  await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
  await page.getByTestId('math-tab').click();
  await page.locator('[data-testid="math"][data-current="true"]').waitFor();
}

/** The numbers of one math block as shown, row by row; off-screen blocks update when scrolled into view. */
async function blockCells(page: Page, blockId: string): Promise<string[][]> {
  const block = page.getByTestId(`math-block-${blockId}`);
  await block.scrollIntoViewIfNeeded();
  await page.locator(`[data-testid="math-block-${blockId}"][data-fresh="true"]`).waitFor();
  return block.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')).filter((r) => r.length > 0),
  );
}

async function received(page: Page): Promise<number> {
  return Number(await page.getByTestId('math').getAttribute('data-received'));
}

describe('the math view shows the tutorials’ numbers, live', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('mazur-2-2-2 at step 1 shows seed 004’s hidden outputs, outputs, error and new output weights', async () => {
    const { editUrl } = await createSession(server, 'mazur-2-2-2');
    await openMath(page, editUrl);
    expect(await blockCells(page, 'forward-0-a')).toEqual([['0.59326999', '0.59688438']]);
    expect(await blockCells(page, 'forward-1-a')).toEqual([['0.75136507', '0.77292847']]);
    expect(await blockCells(page, 'error-loss')).toEqual([['0.29837111']]);
    expect(await blockCells(page, 'backward-1-weightsAfter')).toEqual([
      ['0.35891648', '0.40866619'],
      ['0.51130127', '0.56137012'],
    ]);
    const w12 = page.getByTestId('math-block-forward-1-weights');
    expect(await w12.getAttribute('data-shape')).toBe('2×2');
    expect(await w12.locator('figcaption').textContent()).toContain('w12');
    expect(await w12.locator('.katex').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('math-block-forward-0-a').locator('[data-tex]').getAttribute('data-tex')).toBe('a_{h} = \\sigma(z_{h})');
    await screenshot(page, 'mazur-step-1');
  });

  it('clicking a neuron lights its numbers in the forward and the backward pass', async () => {
    const h1 = page.getByTestId('math-block-forward-1-weights').getByRole('button', { name: 'h₁', exact: true });
    await h1.click();
    await page.mouse.move(0, 0);
    const lit = (blockId: string) => page.getByTestId(`math-block-${blockId}`).locator('td.lit').allTextContents();
    expect(await lit('forward-0-weights')).toEqual(['0.15', '0.2']);
    expect(await lit('forward-0-a')).toEqual(['0.59326999']);
    expect(await lit('forward-1-weights')).toEqual(['0.4', '0.5']);
    expect(await lit('backward-1-weightsAfter')).toEqual(['0.35891648', '0.51130127']);
    expect(await lit('backward-0-delta')).toHaveLength(1);
    await screenshot(page, 'mazur-h1-pinned');
    // The view alone at full resolution, to read the formulas and the highlight.
    await page.getByTestId('math').screenshot({ path: join(SCREENSHOT_DIR, 'math-view-mazur-h1.png') });
    await h1.click();
    await page.mouse.move(0, 0);
    expect(await lit('forward-0-a')).toEqual([]);
  });

  it('after Step the view shows the step just taken — Mazur’s 0.75136507 and E = 0.298371109 — and “Next step” the one to come', async () => {
    const before = await received(page);
    await page.getByTestId('step').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) === 1);
    await page.locator('[data-testid="math"][data-epoch="1"]').waitFor();
    expect(await received(page)).toBeGreaterThan(before);
    expect(await readEpoch(page)).toBe(1);
    const view = page.getByTestId('math');
    expect(await view.getAttribute('data-showing')).toBe('taken');
    expect(await view.getAttribute('data-shown-epoch')).toBe('0');
    expect(await page.getByTestId('math-status').textContent()).toContain('epoch 0 → 1');
    expect(await blockCells(page, 'forward-1-a')).toEqual([['0.75136507', '0.77292847']]);
    expect(await blockCells(page, 'error-loss')).toEqual([['0.29837111']]);
    const exactLoss = (await page.getByTestId('math-block-error-loss').locator('td').first().getAttribute('title'))?.split('= ')[1];
    expect(Number(exactLoss).toFixed(9)).toBe('0.298371109');
    expect(await blockCells(page, 'forward-1-weights')).toEqual([['0.4', '0.45'], ['0.5', '0.55']]);
    expect(await blockCells(page, 'backward-1-weightsAfter')).toEqual([
      ['0.35891648', '0.40866619'],
      ['0.51130127', '0.56137012'],
    ]);
    await screenshot(page, 'mazur-after-step-taken');
    await page.getByTestId('math').screenshot({ path: join(SCREENSHOT_DIR, 'math-view-after-step.png') });

    await page.getByTestId('math-view-next').click();
    await page.locator('[data-testid="math"][data-showing="next"][data-shown-epoch="1"]').waitFor();
    expect((await blockCells(page, 'forward-1-a'))[0]).not.toEqual(['0.75136507', '0.77292847']);
    // The next step starts from the weights the last step produced.
    expect(await blockCells(page, 'forward-1-weights')).toEqual([
      ['0.35891648', '0.40866619'],
      ['0.51130127', '0.56137012'],
    ]);
    await screenshot(page, 'mazur-next-step');
    await page.getByTestId('math-view-taken').click();
  });

  it('a block scrolled out of sight shows no numbers from another step until it is seen again', async () => {
    await page.setViewportSize({ width: 1400, height: 320 });
    const last = page.getByTestId('math-block-backward-0-weightsAfter');
    await page.getByTestId('math-block-forward-0-weights').scrollIntoViewIfNeeded();
    await page.getByTestId('math-view-next').click();
    await page.locator('[data-testid="math"][data-showing="next"]').waitFor();
    expect(await last.getAttribute('data-fresh')).toBe('false');
    const cells = await last.locator('td').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.trim() === '…')).toBe(true);
    await last.scrollIntoViewIfNeeded();
    await page.locator('[data-testid="math-block-backward-0-weightsAfter"][data-fresh="true"]').waitFor();
    expect((await last.locator('td').allTextContents()).every((c) => /\d/.test(c))).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('mavicc-xor from all-ones weights shows seed 000’s a_o and the backward numbers of sample x₀, while another viewer looks at x₃', async () => {
    const { editUrl } = await createSession(server, 'mavicc-xor');
    await openMath(page, editUrl);
    const other = await context.newPage();
    await openMath(other, editUrl);
    await other.getByTestId('math-sample-3').click();
    await other.locator('[data-testid="math"][data-current="true"]').waitFor();

    expect(await blockCells(page, 'forward-0-z')).toEqual([['3', '3', '3', '3', '3']]);
    expect(await blockCells(page, 'forward-0-a')).toEqual([Array(5).fill('0.95257413')]);
    expect(await blockCells(page, 'forward-1-a')).toEqual([['0.99153128']]);
    expect(await blockCells(other, 'forward-1-a')).toEqual([['0.97479766']]);
    // Seed 000 prints (a_o − y)·σ′(z_o) = 0.00832589 and, through w12 = 1, its hidden δ 0.000376 for x₀.
    expect(await blockCells(page, 'backward-1-delta')).toEqual([['0.0083258929']]);
    expect(await blockCells(page, 'backward-0-delta')).toEqual([Array(5).fill('3.7613603e-4')]);
    expect(await blockCells(page, 'backward-1-dW')).toEqual([Array(5).fill('0.0079310301')]);
    expect(await blockCells(page, 'backward-1-weightsUpdate')).toEqual([Array(5).fill('-0.02379309')]);
    expect(await page.getByTestId('math-block-backward-0-dW').getAttribute('data-shape')).toBe('5×3');
    await screenshot(page, 'mavicc-sample-0');
    await screenshot(other, 'mavicc-sample-3');
    await other.close();
  });

  it('mavicc-xor’s current batch shows seed 000’s full-batch update matrices and new weights', async () => {
    const { editUrl } = await createSession(server, 'mavicc-xor');
    await openMath(page, editUrl);
    await page.getByTestId('math-batch').click();
    await page.locator('[data-testid="math"][data-current="true"]').waitFor();
    expect((await blockCells(page, 'forward-1-a')).map((r) => r[0])).toEqual(['0.99153128', '0.98791922', '0.98791922', '0.97479766']);
    expect(await blockCells(page, 'backward-1-dW')).toEqual([Array(5).fill('0.025184457')]);
    expect(await blockCells(page, 'backward-1-weightsAfter')).toEqual([Array(5).fill('0.92444663')]);
    expect(await blockCells(page, 'backward-0-weightsAfter')).toEqual(Array(5).fill(['0.99891701', '0.99891701', '0.98483701']));
    await screenshot(page, 'mavicc-batch');
  });

  it('a wide layer stays readable: 16×16 cells, "+N more", and an expand button', async () => {
    const spiral = getPreset('spiral')!;
    const wide: ExperimentConfig = {
      ...spiral,
      network: { ...spiral.network, layers: [{ ...spiral.network.layers[0]!, units: 40 }, ...spiral.network.layers.slice(1)] },
    };
    const { editUrl } = await createSession(server, wide);
    await openMath(page, editUrl);
    const w01 = page.getByTestId('math-block-forward-0-weights');
    expect(await w01.getAttribute('data-shape')).toBe('40×7');
    expect(await w01.locator('tbody tr:has(td)').count()).toBe(16);
    expect(await w01.locator('.more').textContent()).toBe('+24 more');
    const w12 = page.getByTestId('math-block-forward-1-weights');
    expect(await w12.getAttribute('data-shape')).toBe('16×40');
    expect(await w12.locator('thead .more').textContent()).toBe('+24 more');
    // Wide matrices scroll inside their block; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await w01.getByRole('button', { name: /show up to/ }).click();
    expect(await w01.locator('tbody tr:has(td)').count()).toBe(40);
    await screenshot(page, 'wide-layer');
  });

  it('follows a training run live and traces the sample typed in', async () => {
    await page.getByTestId('math-sample').fill('5');
    await page.getByTestId('math-sample').press('Enter');
    await page.locator('[data-testid="math"][data-current="true"]').waitFor();
    expect(await page.getByTestId('math-status').textContent()).toContain('sample #5');
    const before = await received(page);
    await page.getByTestId('play').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="math"]')?.getAttribute('data-received')) >= n + 3, before);
    await page.getByTestId('pause').click();
    await page.locator('[data-status="paused"]').first().waitFor();
    const epoch = await readEpoch(page);
    expect(epoch).toBeGreaterThan(0);
    // After the pause the view settles on the trace of the paused state.
    await page.locator(`[data-testid="math"][data-epoch="${epoch}"][data-current="true"]`).waitFor();
    expect(await page.getByTestId('math-status').textContent()).toContain(`epoch ${epoch} · sample #5`);
    await screenshot(page, 'after-live-run');
  });

  it('a script gets the same numbers over the protocol with requestTrace', async () => {
    const { id } = await createSession(server, 'mazur-2-2-2');
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`);
    const frames: ServerMessage[] = [];
    const arrived = (type: ServerMessage['type']) =>
      new Promise<ServerMessage>((resolve) => {
        const check = () => {
          const found = frames.find((f) => f.type === type);
          if (found) resolve(found);
          else ws.once('message', check);
        };
        check();
      });
    ws.on('message', (data: Buffer, isBinary) => {
      const decoded = decodeServerMessage(isBinary ? new Uint8Array(data) : data.toString('utf8'), isBinary);
      if (decoded.ok) frames.push(decoded.value);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
    ws.send(JSON.stringify({ type: 'join', sessionId: id }));
    await arrived('sessionState');
    ws.send(JSON.stringify({ type: 'requestTrace', sample: 0 }));
    const frame = await arrived('trace');
    ws.close();
    if (frame.type !== 'trace') throw new Error(`expected a trace frame, got ${frame.type}`);
    const trace = frame.trace as { outputs: number[][]; loss: number; layers: { weightsAfter: number[][] }[] };
    expect(trace.outputs[0]![0]).toBeCloseTo(0.75136507, 8);
    expect(trace.loss).toBeCloseTo(0.29837111, 8);
    expect(trace.layers[1]!.weightsAfter[0]![0]).toBeCloseTo(0.35891648, 8);
  });

  it('a 2-256-256-1 network shows true shapes, "+N more" from the true size, and says what the server sends', async () => {
    const xor = getPreset('xor')!;
    const [hidden, output] = [xor.network.layers[0]!, xor.network.layers[xor.network.layers.length - 1]!];
    const big: ExperimentConfig = {
      ...xor,
      network: { ...xor.network, layers: [{ ...hidden, units: 256 }, { ...hidden, units: 256 }, output] },
    };
    const { editUrl } = await createSession(server, big);
    await openMath(page, editUrl);
    expect(await page.getByTestId('math-block-forward-0-weights').getAttribute('data-shape')).toBe('256×2');
    const w12 = page.getByTestId('math-block-forward-1-weights');
    await w12.scrollIntoViewIfNeeded();
    expect(await w12.getAttribute('data-shape')).toBe('256×256');
    expect(await w12.locator('.shape').textContent()).toBe('256×256');
    expect(await w12.locator('tbody tr:has(td)').count()).toBe(16);
    expect(await w12.locator('thead .more').textContent()).toBe('+240 more');
    expect(await w12.locator('tbody .more').textContent()).toBe('+240 more');
    expect(await w12.getByTestId('math-limit-forward-1-weights').count()).toBe(0);
    await screenshot(page, 'big-network');
    await w12.screenshot({ path: join(SCREENSHOT_DIR, 'math-big-network-w12.png') });
    await page.getByTestId('math-section-forward-0').screenshot({ path: join(SCREENSHOT_DIR, 'math-big-network-forward-0.png') });
    await w12.getByRole('button', { name: 'show up to 64×64' }).click();
    expect(await w12.locator('tbody tr:has(td)').count()).toBe(64);
    expect(await w12.locator('tbody tr:has(td)').first().locator('td').count()).toBe(64);
    expect(await w12.locator('thead .more').textContent()).toBe('+192 more');
    expect(await w12.getByTestId('math-limit-forward-1-weights').textContent()).toBe('the server sends at most 64×64 of each matrix');
    // Every drawn cell holds a number: nothing past what the server sent is drawn blank.
    expect(await w12.locator('td').evaluateAll((cells) => cells.filter((c) => (c.textContent ?? '').trim() === '').length)).toBe(0);
    await w12.screenshot({ path: join(SCREENSHOT_DIR, 'math-big-network-w12-expanded.png') });
    await screenshot(page, 'big-network-expanded');
  });
});
