import { describe, expect, it } from 'vitest';
import { createPresetSession, desktopSuite, testIdText } from './harness.js';

describe('labels that count what they say', () => {
  const suite = desktopSuite();

  it('the layer summary counts layers, the preset\'s L2 rate shows in its select, and the lobby says "1 session"', async () => {
    const { server, page } = suite;
    await createPresetSession(page, server.url, 'spiral');
    await page.locator('[data-testid="hidden-layers"][data-layers="16,16"]').waitFor();
    expect(await testIdText(page, 'hidden-layers-summary')).toBe('2 hidden layers · 16, 16 neurons');
    expect(await page.getByTestId('regularization').inputValue()).toBe('l2');
    expect(await page.getByTestId('regularization-rate').inputValue()).toBe('0.0003');

    await page.goto(server.url);
    await page.locator('[data-testid="session-count"]', { hasText: /^1 session$/ }).waitFor();

    await createPresetSession(page, server.url, 'gauss');
    await page.locator('[data-testid="hidden-layers"][data-layers="4"]').waitFor();
    expect(await testIdText(page, 'hidden-layers-summary')).toBe('1 hidden layer · 4 neurons');
    await page.goto(server.url);
    await page.locator('[data-testid="session-count"]', { hasText: /^2 sessions$/ }).waitFor();
  });
});
