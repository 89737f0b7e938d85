/** How the lobby orders its rows. */
export type LobbySort = 'created' | 'name' | 'epoch' | 'viewers';

export const LOBBY_SORTS: readonly { key: LobbySort; label: string }[] = [
  { key: 'created', label: 'newest first' },
  { key: 'name', label: 'name' },
  { key: 'epoch', label: 'most trained' },
  { key: 'viewers', label: 'most watched' },
];

export interface ListedSession {
  id: string;
  name: string;
  epoch: number;
  viewers: number;
  /** Unix milliseconds; 0 when the server did not say. */
  createdAt: number;
}

/** Rows whose name or id contains `query` (any case), in the chosen order; ties keep the newest first. */
export function arrangeSessions<T extends ListedSession>(rows: readonly T[], query: string, sort: LobbySort): T[] {
  const q = query.trim().toLowerCase();
  const kept = q === '' ? [...rows] : rows.filter((r) => r.name.toLowerCase().includes(q) || r.id.toLowerCase().includes(q));
  const newest = (a: T, b: T) => b.createdAt - a.createdAt || a.id.localeCompare(b.id);
  const by: Record<LobbySort, (a: T, b: T) => number> = {
    created: newest,
    name: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || newest(a, b),
    epoch: (a, b) => b.epoch - a.epoch || newest(a, b),
    viewers: (a, b) => b.viewers - a.viewers || newest(a, b),
  };
  return kept.sort(by[sort]);
}

/** Ids of sessions that share their name with another listed one: the lobby adds what tells them apart. */
export function namesShared(rows: readonly ListedSession[]): Set<string> {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  return new Set(rows.filter((r) => (count.get(r.name) ?? 0) > 1).map((r) => r.id));
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", else the date. */
export function createdAgo(createdAt: number, now: number): string {
  if (!(createdAt > 0)) return '—';
  const s = Math.max(0, Math.round((now - createdAt) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return new Date(createdAt).toISOString().slice(0, 10);
}

/** SVG polyline points for a loss curve in a `width`×`height` box, log-scaled when every value is positive. */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length < 2) return '';
  const log = finite.every((v) => v > 0);
  const t = (v: number) => (log ? Math.log10(v) : v);
  const lo = Math.min(...finite.map(t));
  const hi = Math.max(...finite.map(t));
  const span = hi - lo || 1;
  const out: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const x = (i / (values.length - 1)) * width;
    const y = height - 1 - ((t(v) - lo) / span) * (height - 2);
    out.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  return out.join(' ');
}
