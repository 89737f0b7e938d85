import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { desktopSuite, openDesktopPage, screenshotter, testIdText } from './harness.js';

const screenshot = screenshotter('identity');

interface Me {
  name: string | null;
  colour: string | undefined;
}

/** This tab's own name and colour, as the server lists it in presence. */
function me(page: Page): Promise<Me> {
  return page.evaluate(() => {
    const store = (window as unknown as { __liveprop: { you: string | null; myName: string | null; presence: { id: string; name: string; colour: string }[] } }).__liveprop;
    const self = store.presence.find((v) => v.id === store.you);
    return { name: self?.name ?? null, colour: self?.colour };
  });
}

async function openOpen(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
  await page.waitForFunction(() => {
    const s = (window as unknown as { __liveprop: { you: string | null; presence: { id: string }[] } }).__liveprop;
    return s.presence.some((v) => v.id === s.you);
  });
}

describe('a browser keeps its name and colour; an event keeps its author’s colour', () => {
  const suite = desktopSuite();

  it('keeps a chosen name and the colour across a reload and a dropped socket', async () => {
    const { server, page } = suite;
    const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'xor' }) });
    const { editUrl } = (await res.json()) as { editUrl: string };
    await openOpen(page, new URL(editUrl, server.url).href);
    const first = await me(page);
    await page.evaluate(() => (window as unknown as { __liveprop: { setName(n: string): void } }).__liveprop.setName('Ada Lovelace'));
    await page.waitForFunction(() => {
      const s = (window as unknown as { __liveprop: { you: string; presence: { id: string; name: string }[] } }).__liveprop;
      return s.presence.find((v) => v.id === s.you)?.name === 'Ada Lovelace';
    });
    await page.reload();
    await openOpen(page, page.url());
    expect(await me(page)).toEqual({ name: 'Ada Lovelace', colour: first.colour });
    await page.evaluate(() => (window as unknown as { __liveprop: { dropConnection(ms: number): void } }).__liveprop.dropConnection(300));
    await page.locator('[data-testid="connection-status"][data-status="reconnecting"]').waitFor();
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.waitForFunction(() => {
      const s = (window as unknown as { __liveprop: { you: string; presence: { id: string }[] } }).__liveprop;
      return s.presence.some((v) => v.id === s.you);
    });
    expect(await me(page)).toEqual({ name: 'Ada Lovelace', colour: first.colour });
  });

  it('writes changes in the controls’ words and keeps the author’s colour after the author leaves', async () => {
    const { page, browser } = suite;
    const editUrl = page.url();
    const watcher = await openDesktopPage(browser);
    await openOpen(watcher, editUrl.replace(/#.*$/, ''));
    const author = await me(page);

    const lr = page.getByTestId('learning-rate');
    await lr.fill('0.1');
    await lr.press('Enter');
    const entry = watcher.locator('[data-testid="activity"] li[data-what="learningRate"]');
    await entry.waitFor();
    expect(await entry.locator('.what').textContent()).toMatch(/^Learning rate [\d.]+ → 0\.1$/);
    const colourOf = () => entry.locator('.who').evaluate((el) => getComputedStyle(el).color);
    const shownColour = await colourOf();
    expect(await entry.locator('.who').textContent()).toBe(author.name);

    await page.getByRole('button', { name: 'Regenerate' }).click();
    await watcher.locator('[data-testid="activity"] li[data-what="dataset"]').waitFor();
    expect(await watcher.locator('[data-testid="activity"] li[data-what="dataset"] .what').textContent()).toMatch(/^Dataset xor: new random points$/);

    await page.close();
    await watcher.waitForFunction(() => document.querySelector('[data-testid="viewer-count"]')?.textContent === '1');
    expect(await colourOf()).toBe(shownColour);
    await watcher.reload();
    await watcher.locator('[data-testid="activity"] li[data-what="learningRate"]').waitFor();
    expect(await colourOf()).toBe(shownColour);
    expect(await testIdText(watcher, 'activity')).not.toContain('dataset xor → xor');
    await screenshot(watcher, 'feed-after-author-left');
  });
});
