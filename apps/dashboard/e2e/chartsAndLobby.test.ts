import { describe, expect, it } from 'vitest';
import { desktopSuite, readEpoch, screenshotter, testIdText } from './harness.js';

const screenshot = screenshotter('lobby');

describe('lobby, sharing, keyboard and chart zoom', () => {
  const suite = desktopSuite();
  let editUrl = '';
  let modelJson = '';

  it('creates a session from the dataset + network form with the chosen layers', async () => {
    const { page, server } = suite;
    await page.goto(server.url);
    await page.getByTestId('custom-mode').check();
    await page.getByTestId('custom-dataset').selectOption('circle');
    await page.getByTestId('custom-layers').fill('4, 3');
    await screenshot(page, 'lobby-custom-form');
    await page.getByTestId('new-session').click();
    await page.waitForURL(/\/s\/[^/#]+#edit=.+/);
    editUrl = page.url();
    await page.locator('[data-testid="network"][data-units="2,4,3,1"]').waitFor();
    expect(await page.getByTestId('hidden-layers').getAttribute('data-layers')).toBe('4,3');
  });

  it('space plays and pauses from the keyboard', async () => {
    const { page } = suite;
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.locator('body').press('Space');
    await page.locator('[data-testid="run-state"]', { hasText: 'running' }).waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 150);
    await page.locator('body').press('Space');
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    expect(await readEpoch(page)).toBeGreaterThanOrEqual(150);
  });

  it('dragging across the loss chart zooms in and fetches that range at full resolution', async () => {
    const { page } = suite;
    const chart = page.getByTestId('loss-chart');
    const box = (await chart.locator('canvas').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => /:full:\d+$/.test(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-zoom') ?? ''));
    const [range, , count] = ((await chart.getAttribute('data-zoom')) ?? '').split(':');
    const [from, to] = range!.split('-').map(Number);
    expect(to! - from!).toBeLessThan(await readEpoch(page));
    expect(Number(count)).toBeGreaterThan(0);
    await screenshot(page, 'loss-chart-zoomed');
    await chart.locator('canvas').dblclick();
    await page.waitForFunction(() => document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-zoom') === '');
  });

  it('the share dialog offers an edit link and a view-only link', async () => {
    const { page } = suite;
    await page.getByTestId('share').click();
    const edit = await page.getByTestId('share-edit-url').inputValue();
    const view = await page.getByTestId('share-view-url').inputValue();
    expect(edit).toBe(editUrl);
    expect(view).toBe(editUrl.replace(/#.*$/, ''));
    await screenshot(page, 'share-dialog');
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('a person can rename themselves and the presence list shows it', async () => {
    const { page } = suite;
    await page.locator('summary', { hasText: 'here' }).click();
    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByTestId('presence-list').getByText('Ada (you)').waitFor();
    await screenshot(page, 'presence-rename');
    await page.locator('summary', { hasText: 'here' }).click();
  });

  it('adding and removing a hidden layer reshapes the network diagram', async () => {
    const { page } = suite;
    await page.getByTestId('add-layer').click();
    await page.locator('[data-testid="network"][data-units="2,4,3,4,1"]').waitFor();
    await page.getByRole('button', { name: 'Remove layer 3' }).click();
    await page.locator('[data-testid="network"][data-units="2,4,3,1"]').waitFor();
    const whats = await page.getByTestId('activity').locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-what')));
    expect(whats.slice(0, 2)).toEqual(['removeLayer', 'addLayer']);
    expect(await page.getByTestId('activity').locator('li').first().textContent()).toContain('Ada');
  });

  it('hovering a change marker on the loss chart tells who changed what', async () => {
    const { page } = suite;
    const chart = page.getByTestId('loss-chart');
    const box = (await chart.locator('canvas').boundingBox())!;
    const y = box.y + box.height * 0.4;
    // The markers sit at the newest epoch, at the right end of the plot: sweep in from the right edge.
    for (let x = box.x + box.width - 1; x > box.x + box.width * 0.5; x -= 1) {
      await page.mouse.move(x, y);
      if ((await chart.getAttribute('data-hovered-marker')) !== '') break;
    }
    expect(await chart.getAttribute('data-hovered-marker')).not.toBe('');
    await screenshot(page, 'marker-hover');
    await page.mouse.move(box.x - 20, y);
  });

  it('regenerating the dataset is logged for everyone', async () => {
    const { page } = suite;
    await page.getByRole('button', { name: 'Regenerate' }).click();
    const entry = page.locator('[data-testid="activity"] li[data-what="dataset"]').first();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Dataset \w+: new random points/);
  });

  it('clicking a neuron shows its thumbnail large with its weights', async () => {
    const { page } = suite;
    await page.getByRole('button', { name: 'hidden 1 neuron 2: show large' }).click();
    const dialog = page.getByRole('dialog', { name: 'hidden 1 neuron 2' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Incoming weights');
    await screenshot(page, 'neuron-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('exports metrics as CSV with one row per epoch, and the model as JSON', async () => {
    const { page } = suite;
    const epoch = await readEpoch(page);
    await page.locator('summary', { hasText: 'Export' }).click();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = (await streamText(await csvDownload.createReadStream())).trim().split('\n');
    expect(csv[0]).toContain('epoch');
    expect(csv.length - 1).toBe(epoch);
    const [modelDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
    modelJson = await streamText(await modelDownload.createReadStream());
    expect(JSON.parse(modelJson)).toMatchObject({ format: 'liveprop.model/1' });
    await page.locator('summary', { hasText: 'Export' }).click();
  });

  it('the lobby lists the session with its state, epoch and viewer count', async () => {
    const { page, browser } = suite;
    const epoch = await readEpoch(page);
    const watcher = await (await browser.newContext()).newPage();
    await watcher.goto(editUrl.replace(/#.*$/, ''));
    await watcher.locator('[data-role="viewer"]').waitFor();
    await page.getByRole('link', { name: 'liveprop' }).click();
    const id = new URL(editUrl).pathname.split('/').pop()!;
    const row = page.locator(`[data-testid="session-row"][data-session-id="${id}"]`);
    await row.waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.querySelectorAll('td')[3]?.textContent === '1', `[data-session-id="${id}"]`);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('paused');
    expect(Number(cells[2]?.replace(/\D/g, ''))).toBe(epoch); // the lobby groups thousands with thin spaces
    await screenshot(page, 'lobby-with-session');
    // Presence frames are coalesced (SPEC [R18]), so the watcher learns of the editor leaving a moment later.
    await watcher.waitForFunction(() => document.querySelector('[data-testid="viewer-count"]')?.textContent?.trim() === '1');
    expect(await testIdText(watcher, 'viewer-count')).toBe('1');
  });

  it('a link to a session that does not exist says so and leads back to the lobby', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/s/nosuchsession`);
    await page.getByTestId('session-not-found').waitFor();
    await page.getByRole('button', { name: 'Back to the lobby' }).click();
    await page.getByTestId('new-session').waitFor();
  });

  it('importing an exported model starts a new session with that network', async () => {
    const { page } = suite;
    await page.goto(editUrl);
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.locator('summary', { hasText: 'Export' }).click();
    await page.getByLabel('Import model JSON (new session)').setInputFiles({
      name: 'model.json',
      mimeType: 'application/json',
      buffer: Buffer.from(modelJson),
    });
    await page.waitForURL((url) => url.href !== editUrl && /#edit=/.test(url.hash));
    await page.locator('[data-testid="network"][data-units="2,4,3,1"]').waitFor();
    expect(await page.locator('h1').textContent()).toContain('imported model');
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
