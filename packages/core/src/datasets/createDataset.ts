import type { DatasetConfig } from '../contract/config.js';
import { createCsvDataset } from './csvDataset.js';
import type { CoreResult } from '../contract/errors.js';
import { createFixedDataset } from './fixedDataset.js';
import { createGenerated } from './generated.js';
import type { Dataset } from './types.js';
import { validateCommon, validateGenerated } from './validate.js';

/**
 * Builds the dataset a config describes. Never throws on bad input: every problem comes back as
 * `{ok: false, code, message}` naming the field, or the CSV row and column. Codes:
 * `unknown_dataset_kind`, `invalid_dataset` (a field out of range), `invalid_fixed_data`, and for CSV
 * `csv_missing`, `csv_too_large`, `csv_no_rows`, `csv_too_few_columns`, `csv_too_many_columns`,
 * `csv_column_count`, `csv_not_a_number`, `csv_too_many_rows`, `csv_too_many_classes`.
 *
 * Generated and CSV data are split train/test by `testFraction`, deterministically from `seed`;
 * fixed data is all train, in order.
 */
export function createDataset(config: DatasetConfig): CoreResult<Dataset> {
  const common = validateCommon(config);
  if (!common.ok) return common;
  switch (config.kind) {
    case 'csv':
      return createCsvDataset(config.csv, common.value);
    case 'fixed':
      return createFixedDataset(config.fixed);
    default: {
      const settings = validateGenerated(config, config.kind, common.value);
      if (!settings.ok) return settings;
      return { ok: true, value: createGenerated(settings.value) };
    }
  }
}
