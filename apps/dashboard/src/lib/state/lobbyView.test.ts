import { describe, expect, it } from 'vitest';
import { arrangeSessions, createdAgo, namesShared, sparklinePoints } from './lobbyView.js';

const rows = [
  { id: 'aaa', name: 'spiral', epoch: 10, viewers: 0, createdAt: 1000 },
  { id: 'bbb', name: 'XOR demo', epoch: 500, viewers: 3, createdAt: 3000 },
  { id: 'ccc', name: 'spiral', epoch: 90, viewers: 1, createdAt: 2000 },
];

describe('arrangeSessions', () => {
  it('sorts newest first, by name, by epoch and by viewers', () => {
    expect(arrangeSessions(rows, '', 'created').map((r) => r.id)).toEqual(['bbb', 'ccc', 'aaa']);
    expect(arrangeSessions(rows, '', 'name').map((r) => r.id)).toEqual(['ccc', 'aaa', 'bbb']);
    expect(arrangeSessions(rows, '', 'epoch').map((r) => r.id)).toEqual(['bbb', 'ccc', 'aaa']);
    expect(arrangeSessions(rows, '', 'viewers').map((r) => r.id)).toEqual(['bbb', 'ccc', 'aaa']);
  });

  it('finds by name or id, ignoring case', () => {
    expect(arrangeSessions(rows, 'xor', 'created').map((r) => r.id)).toEqual(['bbb']);
    expect(arrangeSessions(rows, ' CCC ', 'created').map((r) => r.id)).toEqual(['ccc']);
    expect(arrangeSessions(rows, 'nothing', 'created')).toEqual([]);
  });
});

describe('namesShared', () => {
  it('marks sessions whose name another one has too', () => {
    expect([...namesShared(rows)].sort()).toEqual(['aaa', 'ccc']);
  });
});

describe('createdAgo', () => {
  it('says how long ago in words', () => {
    expect(createdAgo(1_000, 30_000)).toBe('just now');
    expect(createdAgo(0, 30_000)).toBe('—');
    expect(createdAgo(0 + 1, 1 + 5 * 60_000)).toBe('5 min ago');
    expect(createdAgo(1, 1 + 3 * 3_600_000)).toBe('3 h ago');
  });
});

describe('sparklinePoints', () => {
  it('draws a falling loss from top-left to bottom-right on a log scale and skips missing values', () => {
    const pts = sparklinePoints([1, null, 0.1, 0.01], 30, 10).split(' ');
    expect(pts).toEqual(['0.0,1.0', '20.0,5.0', '30.0,9.0']);
    expect(sparklinePoints([1], 30, 10)).toBe('');
  });
});
