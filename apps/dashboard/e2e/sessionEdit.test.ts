import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openDesktopPage, screenshotter, startServer, testIdText, type RunningServer } from './harness.js';

const screenshot = screenshotter('session-edit');

describe('renaming and deleting sessions from the lobby', () => {
  let server: RunningServer;
  let browser: Browser;
  let editor: Page;
  let watcher: Page;
  let sessionId = '';
  let editToken = '';
  /** Every URL the editor's browser asked the server for: the token must never be in one. */
  const requested: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    editor = await openDesktopPage(browser);
    watcher = await openDesktopPage(browser);
    editor.on('request', (req) => requested.push(req.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The lobby row of the session under test. */
  const row = (page: Page) => page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  const rowText = async (page: Page, testId: string) => ((await row(page).getByTestId(testId).textContent()) ?? '').trim();

  it('remembers the edit link of a session created here and renames it from the session view', async () => {
    await editor.goto(server.url);
    await editor.getByTestId('preset').selectOption('xor');
    await editor.getByTestId('new-session').click();
    await editor.waitForURL(/\/s\/[^/#]+#edit=.+/);
    const url = new URL(editor.url());
    sessionId = url.pathname.split('/')[2]!;
    editToken = new URLSearchParams(url.hash.slice(1)).get('edit')!;
    await editor.locator('[data-role="editor"]').waitFor();
    expect(await editor.evaluate((id) => localStorage.getItem(`liveprop.editToken.${id}`), sessionId)).toBe(editToken);

    await editor.getByTestId('session-rename').click();
    await screenshot(editor, 'session-view-renaming');
    await editor.getByTestId('session-name-input').fill('xor, first try');
    await editor.getByTestId('session-name-input').press('Enter');
    await editor.locator('[data-testid="session-name"]', { hasText: 'xor, first try' }).waitFor();
    await editor.locator('[data-testid="activity"] [data-what="name"]').waitFor();
  });

  it('offers rename and delete only on sessions this browser holds an edit link for', async () => {
    const other = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preset: 'spiral', name: 'someone else’s spiral' }) });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as { id: string }).id;
    await editor.goto(server.url);
    await row(editor).getByTestId('session-rename').waitFor();
    expect(await rowText(editor, 'session-name')).toBe('xor, first try');
    await expect(row(editor).getByTestId('session-delete').isVisible()).resolves.toBe(true);
    const otherRow = editor.locator(`[data-testid="session-row"][data-session-id="${otherId}"]`);
    await otherRow.waitFor();
    expect(await otherRow.getByTestId('session-rename').count()).toBe(0);
    expect(await otherRow.getByTestId('session-delete').count()).toBe(0);
    // The row opens the session as its editor: the token travels in the fragment, which the server never sees.
    expect(await row(editor).getByTestId('session-name').getAttribute('href')).toBe(`/s/${sessionId}#edit=${editToken}`);
    await screenshot(editor, 'lobby-with-edit-controls');
  });

  it('renames inline: a too-long name is refused in place, Esc cancels, Enter saves, and a reload shows the new name', async () => {
    await row(editor).getByTestId('session-rename').click();
    const input = row(editor).getByTestId('session-name-input');
    await input.fill('n'.repeat(101));
    await input.press('Enter');
    expect(await rowText(editor, 'session-name-error')).toBe('the name is 101 characters long; at most 100 fit');
    await screenshot(editor, 'lobby-rename-error');
    await input.press('Escape');
    expect(await rowText(editor, 'session-name')).toBe('xor, first try');

    await row(editor).getByTestId('session-rename').click();
    await row(editor).getByTestId('session-name-input').fill('  XOR with momentum  ');
    await row(editor).getByTestId('session-name-input').press('Enter');
    await row(editor).locator('[data-testid="session-name"]', { hasText: 'XOR with momentum' }).waitFor();
    await editor.reload();
    await row(editor).getByTestId('session-name').waitFor();
    expect(await rowText(editor, 'session-name')).toBe('XOR with momentum');
  });

  it('deletes after a confirm step; a page watching the session says it was deleted and stops reconnecting', async () => {
    await watcher.goto(`${server.url}/s/${sessionId}`);
    await watcher.locator('[data-role="viewer"]').waitFor();
    await watcher.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    expect(await testIdText(watcher, 'session-name')).toBe('XOR with momentum');
    expect(await watcher.getByTestId('session-rename').count()).toBe(0);

    await row(editor).getByTestId('session-delete').click();
    await row(editor).getByTestId('session-delete-confirm').waitFor();
    await screenshot(editor, 'lobby-delete-confirm');
    await row(editor).getByTestId('session-delete-confirm').click();
    await row(editor).waitFor({ state: 'detached' });

    await watcher.getByTestId('session-deleted').waitFor();
    expect(await watcher.getByTestId('session-deleted').textContent()).toContain('This session was deleted');
    await screenshot(watcher, 'watcher-sees-deleted');
    // Its socket is closed for good: not 'reconnecting' with a backoff timer running.
    expect(await watcher.evaluate(() => (window as unknown as { __liveprop: { connection: string } }).__liveprop.connection)).toBe('closed');
    expect(await watcher.getByTestId('session-deleted').textContent()).toContain('“XOR with momentum”');
    await watcher.getByRole('link', { name: 'Back to the lobby' }).click();
    await watcher.waitForURL(`${server.url}/`);
    await watcher.getByTestId('new-session').waitFor();
    expect(await row(watcher).count()).toBe(0);

    await editor.reload();
    await editor.getByTestId('session-row').first().waitFor();
    expect(await row(editor).count()).toBe(0);
    expect(await editor.evaluate((id) => localStorage.getItem(`liveprop.editToken.${id}`), sessionId)).toBeNull();
    expect(requested.filter((u) => u.includes(editToken))).toEqual([]);
  });
});
