/** Short human text for a metric value: 4 significant digits, exponent form for very small or large magnitudes. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** A fraction as a percentage with one decimal, or a dash for regression (no accuracy). */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A learning rate as a person would type it: up to 6 significant digits, no float noise (`0.1 + 0.2`). */
export function formatLearningRate(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  return String(Number(lr.toPrecision(6)));
}

/** Any value shown in the activity feed ("from → to"); objects are summarised, not dumped. */
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatMetric(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatChangeValue).join(', ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.kind === 'string') {
      const rest = Object.entries(record)
        .filter(([k]) => k !== 'kind')
        .map(([k, v]) => `${k} ${formatChangeValue(v)}`);
      return rest.length > 0 ? `${record.kind} (${rest.join(', ')})` : record.kind;
    }
    return Object.entries(record)
      .map(([k, v]) => `${k} ${formatChangeValue(v)}`)
      .join(', ');
  }
  return String(value);
}

/** An epoch count with thin-space thousands separators. */
export function formatEpoch(epoch: number): string {
  return Math.trunc(epoch).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** An axis tick: short, no trailing zeros, exponent form only for very small or large values (`1e-4`). */
export function formatTick(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** `1 session`, `50 sessions`: a count with its noun, plural unless it is one. */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The hidden layers in words: `1 hidden layer · 8 neurons`, `2 hidden layers · 16, 16 neurons`. */
export function describeHiddenLayers(sizes: readonly number[]): string {
  if (sizes.length === 0) return 'No hidden layers';
  const total = sizes.reduce((a, b) => a + b, 0);
  return `${countOf(sizes.length, 'hidden layer')} · ${sizes.length === 1 ? countOf(total, 'neuron') : `${sizes.join(', ')} neurons`}`;
}
