/**
 * Every code a core `Result` failure or {@link LivepropConfigError} carries. Each one is emitted somewhere in core
 * (`errorCodes.test.ts` checks both ways), so a caller can switch over them exhaustively.
 */
export const CORE_ERROR_CODES = [
  /** A config or change field is missing, of the wrong type or out of range. */
  'invalid_config',
  /** A size passes one of {@link LIMITS}. */
  'limit_exceeded',
  /** A `liveprop.model/1` document does not describe a network. */
  'invalid_model',
  /** A change other than rollback or reset after the run diverged. */
  'diverged',
  /** A topology or activation edit sent with `keepOutput` would change the network's outputs. */
  'output_change',
  /** Rollback found no finite state to go back to. */
  'no_finite_state',
  /** A failure no check foresaw: a bug in core, never the caller's input. */
  'internal_error',
  'unknown_dataset_kind',
  'invalid_dataset',
  'invalid_fixed_data',
  'csv_missing',
  'csv_too_large',
  'csv_no_rows',
  'csv_too_few_columns',
  'csv_too_many_columns',
  'csv_column_count',
  'csv_not_a_number',
  'csv_too_many_rows',
  'csv_too_many_classes',
] as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/** A result of core: the value, or a failure with a {@link CoreErrorCode}. */
export type CoreResult<T> = { ok: true; value: T } | { ok: false; code: CoreErrorCode; message: string };

/** A programmer-supplied configuration is invalid; `field` names where (`network.layers[2].units`). */
export class LivepropConfigError extends Error {
  readonly field: string;
  readonly code: CoreErrorCode;

  constructor(field: string, message: string, code: CoreErrorCode = 'invalid_config') {
    super(message.startsWith(field) ? message : `${field}: ${message}`);
    this.name = 'LivepropConfigError';
    this.field = field;
    this.code = code;
  }
}
