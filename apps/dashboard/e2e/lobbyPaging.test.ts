import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSession, editorSocket, launchChromium, openDesktopPage, screenshotter, startServer, testIdText, type EditorSocket, type RunningServer } from './harness.js';

const screenshot = screenshotter('lobby-paging');
/** More than six pages of 50: the lobby shows one page, the server searches and pages the rest ([R39]). */
const SESSIONS = 320;

describe(`a lobby of ${SESSIONS} sessions, paged and searched by the server`, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let trainer: EditorSocket;
  const ids: string[] = [];

  beforeAll(async () => {
    // One worker, held by a session training at 2 epochs/s: every other session is created hibernated, straight
    // into the store, as a class's sessions pile up.
    server = await startServer({ maxWorkers: 1 });
    const busy = await createSession(server, { preset: 'xor', name: 'the one training', speed: 2 });
    trainer = await editorSocket(server, busy.id, busy.editToken);
    trainer.send({ type: 'control', command: { action: 'play' } });
    await trainer.until(/"type":"status".*"status":"running"/);
    for (let i = 0; i < SESSIONS - 1; i++) {
      const name = i === 0 ? 'ancient lesson' : `lesson ${i}`;
      ids.push((await createSession(server, { preset: 'xor', name })).id);
    }
    browser = await launchChromium();
    page = await openDesktopPage(browser);
  }, 240_000);

  afterAll(async () => {
    trainer?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the total and the first page, and pages to the last one, where the oldest session is', async () => {
    await page.goto(server.url);
    await page.getByTestId('session-row').first().waitFor();
    expect(await testIdText(page, 'session-count')).toBe(`${SESSIONS} sessions`);
    expect(await page.getByTestId('session-row').count()).toBe(50);
    expect(await testIdText(page, 'page-info')).toBe(`page 1 of 7 · 1–50 of ${SESSIONS}`);
    const rowIds = () => page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
    const firstPage = await rowIds();
    expect(firstPage).toContain(ids.at(-1));
    await screenshot(page, 'first-page');

    await page.getByTestId('page-next').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="page-range"]')?.textContent?.startsWith('51–100'));
    const secondPage = await rowIds();
    expect(secondPage).toHaveLength(50);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

    await page.getByTestId('page-last').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="page-range"]')?.textContent === `301–${n} of ${n}`, SESSIONS);
    expect(await page.getByTestId('session-row').count()).toBe(SESSIONS - 300);
    const oldest = await page.getByTestId('session-name').allTextContents();
    expect(oldest).toContain('the one training');
    expect(oldest).toContain('ancient lesson');
    expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
    await screenshot(page, 'last-page');
  });

  it('finds an old session by name through the server, and keeps the page live', async () => {
    await page.getByTestId('session-search').fill('ancient');
    // Until the server answers, the rows are the unfiltered ones, and the count must not call them found.
    const shownNow = await page.evaluate(() => ({
      count: document.querySelector('[data-testid="session-count"]')?.textContent ?? '',
      names: [...document.querySelectorAll('[data-testid="session-name"]')].map((n) => n.textContent ?? ''),
    }));
    if (shownNow.count.endsWith('found')) expect(shownNow.names.every((n) => n.includes('ancient')), JSON.stringify(shownNow)).toBe(true);
    else expect(shownNow.count).toBe(`${SESSIONS} sessions`);
    await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '1 found');
    const rows = page.getByTestId('session-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-session-id')).toBe(ids[0]);
    expect(await page.getByTestId('pager').count()).toBe(0);
    await screenshot(page, 'found-by-name');

    await page.getByTestId('session-search').fill('');
    await page.getByTestId('session-status').selectOption('running');
    await page.waitForFunction(() => document.querySelector('[data-testid="session-count"]')?.textContent === '1 found');
    const running = page.locator('[data-testid="session-row"]', { hasText: 'the one training' });
    // The poll brings the epochs it trained meanwhile.
    const epochAt = async () => Number((await running.getByTestId('session-epoch').textContent())?.replace(/\D/g, '') ?? NaN);
    const before = await epochAt();
    await page.waitForFunction((e) => Number(document.querySelector('[data-testid="session-epoch"]')?.textContent?.replace(/\D/g, '')) > e, before, { timeout: 15_000 });

    await page.getByTestId('session-search').fill('no such lesson');
    await page.getByTestId('session-status').selectOption('all');
    await page.getByTestId('no-match').waitFor();
    expect(await testIdText(page, 'session-count')).toBe('0 found');
  });
});
