import { LivepropConfigError, type CoreErrorCode, type CoreResult } from './errors.js';

/** Helpers that validate untrusted values, throwing {@link LivepropConfigError} with the field's path. */

export function fail(path: string, message: string, code: CoreErrorCode = 'invalid_config'): never {
  throw new LivepropConfigError(path, message, code);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

/** An array; sparse holes read as `undefined` when iterated with `Array.from`, as every caller does. */
export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function finite(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a finite number, got ${describe(value)}`);
  if (value < min || value > max) fail(path, `${value} is out of range ${min}..${max}`);
  return value;
}

export function integer(value: unknown, path: string, min: number, max: number, limitName?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, `expected an integer, got ${describe(value)}`);
  if (value < min) fail(path, `${value} is below the minimum ${min}`);
  if (value > max) fail(path, limitName ? `${limitName} is ${value}; the limit is ${max}` : `${value} is above the maximum ${max}`, limitName ? 'limit_exceeded' : 'invalid_config');
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * Runs a check on untrusted input, turning its {@link LivepropConfigError} into a failed result.
 * Any other error (a case no check foresaw) becomes `internal_error` rather than escaping to a socket handler.
 */
export function attempt<T>(check: () => T): CoreResult<T> {
  try {
    return { ok: true, value: check() };
  } catch (err) {
    if (err instanceof LivepropConfigError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
  }
}
