import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openDesktopPage, screenshotter, startServer, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('lobby50');
const SESSIONS = 50;

async function post(server: RunningServer, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Trains `epochs` steps as an editor would, over the socket, and waits until the server holds them. */
async function train(server: RunningServer, id: string, editToken: string, epochs: number): Promise<void> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));
  ws.send(JSON.stringify({ type: 'join', sessionId: id, editToken }));
  for (let i = 0; i < epochs; i++) ws.send(JSON.stringify({ type: 'control', command: { action: 'step', unit: 'epoch' } }));
  for (;;) {
    const body = (await (await fetch(`${server.url}/api/sessions/${id}/metrics.json?points=10`)).json()) as { lastEpoch: number };
    if (body.lastEpoch >= epochs) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  ws.close();
}

describe('a lobby with 50 sessions', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    const presets = ['spiral', 'xor', 'circle', 'gauss', 'moons'];
    for (let i = 0; i < SESSIONS; i++) {
      // Two sessions share the name "class demo"; the rest are told apart by a number.
      const name = i < 2 ? 'class demo' : `${presets[i % presets.length]} run ${i}`;
      const res = await post(server, '/api/sessions', { preset: presets[i % presets.length], name });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: string; editUrl: string };
      ids.push(created.id);
      if (i === 0) await train(server, created.id, created.editUrl.split('#edit=')[1]!, 8);
    }
    browser = await launchChromium();
    page = await openDesktopPage(browser);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists every session with when it was created, tells identical names apart, and draws a trained session’s loss', async () => {
    await page.goto(server.url);
    await page.getByTestId('session-row').first().waitFor();
    expect(await testIdText(page, 'session-count')).toBe(`${SESSIONS} sessions`);
    expect(await page.getByTestId('session-row').count()).toBe(SESSIONS);
    const twins = page.locator('[data-testid="session-row"]', { hasText: 'class demo' });
    expect(await twins.count()).toBe(2);
    const tells = await twins.getByTestId('session-id').allTextContents();
    expect(new Set(tells).size).toBe(2);
    expect(await page.getByTestId('session-id').count()).toBe(2);
    expect(await page.getByTestId('session-created').first().textContent()).toMatch(/created (just now|\d+ min ago)/);
    // The trained session draws its loss; an untrained one has nothing to draw.
    // Rows fetch their curve once scrolled into sight; the trained session is the oldest, at the bottom.
    const trainedRow = page.locator(`[data-testid="session-row"][data-session-id="${ids[0]}"]`);
    await trainedRow.scrollIntoViewIfNeeded();
    await trainedRow.locator('[data-testid="loss-sparkline"]:not([data-points="0"])').waitFor();
    expect(Number(await trainedRow.getByTestId('loss-sparkline').getAttribute('data-points'))).toBe(8);
    await page.getByTestId('session-row').first().scrollIntoViewIfNeeded();
    expect(await page.locator(`[data-session-id="${ids[1]}"] [data-testid="loss-sparkline"]`).getAttribute('data-points')).toBe('0');
  });

  it('finds sessions by name and sorts them', async () => {
    await page.getByTestId('session-search').fill('xor run');
    // xor is every fifth preset from the second; the second session is one of the two named "class demo".
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="session-row"]').length === 9);
    expect(await testIdText(page, 'session-count')).toBe('9 found');
    await page.getByTestId('session-search').fill('');
    // The search runs on the server: the whole list is back once its answer is.
    await page.waitForFunction((n) => document.querySelector('[data-testid="session-count"]')?.textContent === `${n} sessions`, SESSIONS);
    await page.getByTestId('session-sort').selectOption('name');
    const names = await page.getByTestId('session-name').allTextContents();
    expect(names.slice(0, 2)).toEqual(['circle run 2', 'circle run 7']);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })));
    await page.getByTestId('session-search').fill('no such thing');
    await page.getByTestId('no-match').waitFor();
    await page.getByTestId('session-search').fill('');
    await page.getByTestId('session-sort').selectOption('created');
    await screenshot(page, 'lobby-50-sessions');
  });
});
