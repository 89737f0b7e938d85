/** A programmer-supplied configuration is invalid; `field` names where (`network.layers[2].units`). */
export class LivepropConfigError extends Error {
  readonly field: string;
  readonly code: string;

  constructor(field: string, message: string, code = 'invalid_config') {
    super(message.startsWith(field) ? message : `${field}: ${message}`);
    this.name = 'LivepropConfigError';
    this.field = field;
    this.code = code;
  }
}

/** Error codes of `Result` failures returned by core. */
export type CoreErrorCode = 'invalid_config' | 'limit_exceeded' | 'invalid_change' | 'invalid_model' | 'not_diverged' | 'dataset_error';
