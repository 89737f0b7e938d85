import { describe, expect, it } from 'vitest';
import { createPresetSession, desktopSuite, readEpoch, screenshotter } from './harness.js';

const screenshot = screenshotter('output-change');

describe('layer and activation edits keep the outputs, or say so before they happen', () => {
  const suite = desktopSuite();
  const activation = () => suite.page.getByLabel('Activation of layer 1');
  const confirm = () => suite.page.getByTestId('output-change-confirm');

  it('trains xor, then adds a layer without a confirm: the tanh layer stands in for the identity', async () => {
    const { page, server } = suite;
    await createPresetSession(page, server.url, 'xor');
    await page.locator('[data-testid="connection-status"][data-status="open"]').waitFor();
    await page.locator('body').press('Space');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 100);
    await page.locator('body').press('Space');
    await page.locator('[data-testid="run-state"]', { hasText: 'paused' }).waitFor();
    expect(await readEpoch(page)).toBeGreaterThanOrEqual(100);
    await page.getByTestId('add-layer').click();
    await page.locator('[data-testid="network"][data-units="2,8,8,4,1"]').waitFor();
    expect(await confirm().count()).toBe(0);
    expect(await page.getByTestId('loss-chart').getAttribute('data-output-changes')).toBe('0');
  });

  it('tanh → relu asks first, naming the loss jump; Cancel leaves the network as it was', async () => {
    const { page } = suite;
    await activation().selectOption('relu');
    await confirm().waitFor();
    const text = (await confirm().textContent()) ?? '';
    expect(text).toMatch(/This will change the network's output; the training loss will jump from [\d.e-]+ to [\d.e-]+/);
    expect(await activation().inputValue()).toBe('tanh');
    await screenshot(page, 'confirm');
    await page.getByTestId('output-change-cancel').click();
    await confirm().waitFor({ state: 'detached' });
    expect(await activation().inputValue()).toBe('tanh');
    expect(await page.getByTestId('activity').locator('li[data-what="activation"]').count()).toBe(0);
  });

  it('Apply anyway makes the change and marks it on the loss chart', async () => {
    const { page } = suite;
    await activation().selectOption('relu');
    await page.getByTestId('output-change-apply').click();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Activation of layer 1"]') as HTMLSelectElement | null)?.value === 'relu');
    await page.locator('[data-testid="loss-chart"][data-output-changes="1"]').waitFor();
    expect(await confirm().count()).toBe(0);
    expect(await page.getByTestId('activity').locator('li[data-what="activation"]').count()).toBe(1);
    await screenshot(page, 'applied');
  });
});
