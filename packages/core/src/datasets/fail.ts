import type { CoreErrorCode, CoreResult } from '../contract/errors.js';

/** A failed {@link CoreResult}; typed `never` so it fits any `CoreResult<T>`. */
export function fail(code: CoreErrorCode, message: string): CoreResult<never> {
  return { ok: false, code, message };
}

/** A short, safe rendering of an untrusted value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}
