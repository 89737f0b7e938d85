import { CORE_ERROR_CODES, type CoreErrorCode, type Result } from '@liveprop/core';
import type { ErrorCode } from '@liveprop/protocol';

/** Codes the worker adds to core's: a rollback with nothing to roll back, and a crash of the worker itself. */
const WORKER_CODES = ['nothing_to_rollback', 'internal'] as const;
type WorkerCode = (typeof WORKER_CODES)[number];

export type RefusalCode = Extract<ErrorCode, 'invalid_change' | 'output_change' | 'diverged' | 'nothing_to_rollback' | 'internal'>;

function isCoreCode(code: string): code is CoreErrorCode {
  return (CORE_ERROR_CODES as readonly string[]).includes(code);
}

/** The error code a client sees for a failed core or worker result. */
export function refusalCode(code: CoreErrorCode | WorkerCode): RefusalCode {
  switch (code) {
    case 'internal_error':
    case 'internal':
      return 'internal';
    case 'diverged':
      return 'diverged';
    case 'output_change':
      return 'output_change';
    case 'no_finite_state':
    case 'nothing_to_rollback':
      return 'nothing_to_rollback';
    case 'invalid_config':
    case 'limit_exceeded':
    case 'invalid_model':
    case 'unknown_dataset_kind':
    case 'invalid_dataset':
    case 'invalid_fixed_data':
    case 'csv_missing':
    case 'csv_too_large':
    case 'csv_no_rows':
    case 'csv_too_few_columns':
    case 'csv_too_many_columns':
    case 'csv_column_count':
    case 'csv_not_a_number':
    case 'csv_too_many_rows':
    case 'csv_too_many_classes':
      return 'invalid_change';
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

/** A failed worker reply as an error for the client; `null` when it succeeded. */
export function refusal(result: Result<unknown>): { code: RefusalCode; message: string } | null {
  if (result.ok) return null;
  const { code, message } = result;
  if (!isCoreCode(code) && !(WORKER_CODES as readonly string[]).includes(code)) return { code: 'internal', message: `${code}: ${message}` };
  const mapped = refusalCode(code as CoreErrorCode | WorkerCode);
  return { code: mapped, message: mapped === 'invalid_change' ? `${code}: ${message}` : message };
}
