import { describe, expect, it } from 'vitest';
import { lobbyUrl, offsetOfPage, pageCount, pageRange, readTotal } from './lobbyPage.js';

describe('lobby paging', () => {
  it('[R39] asks the server for one page, with the search and status only when they narrow it', () => {
    expect(lobbyUrl({ search: '  ', status: 'all', offset: 0, limit: 50 })).toBe('/api/sessions?offset=0&limit=50');
    expect(lobbyUrl({ search: ' Ada & co ', status: 'paused', offset: 100, limit: 50 })).toBe('/api/sessions?offset=100&limit=50&q=Ada+%26+co&status=paused');
  });

  it('reads x-total-count as a count, and nothing else', () => {
    expect(readTotal('312')).toBe(312);
    expect(readTotal(' 0 ')).toBe(0);
    for (const bad of [null, '', '-1', '1.5', '1e3', 'many']) expect(readTotal(bad)).toBeNull();
  });

  it('clamps a page to those the total fills, an empty lobby being page 1 of 1', () => {
    expect([pageCount(0, 50), pageCount(50, 50), pageCount(51, 50), pageCount(320, 50)]).toEqual([1, 1, 2, 7]);
    expect([offsetOfPage(-1, 320, 50), offsetOfPage(1, 320, 50), offsetOfPage(Infinity, 320, 50), offsetOfPage(3, 0, 50)]).toEqual([0, 50, 300, 0]);
    expect([pageRange(300, 20, 320), pageRange(0, 0, 0)]).toEqual(['301–320 of 320', '0 of 0']);
  });
});
