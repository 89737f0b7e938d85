import { LIMITS } from '../contract/limits.js';
import type { CoreResult } from '../contract/errors.js';
import { describe, fail } from './fail.js';

/** A parsed CSV: `values[rows][columns]` row-major, plus the header when the first row was one. */
export interface CsvTable {
  header: string[] | null;
  columns: number;
  rows: number;
  values: Float64Array;
}

/** UTF-8 size of `text`, counted without allocating. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The trimmed cell without surrounding double quotes. */
function cellText(text: string, start: number, end: number): string {
  const cell = text.slice(start, end).trim();
  return cell.length >= 2 && cell.charCodeAt(0) === 34 && cell.charCodeAt(cell.length - 1) === 34 ? cell.slice(1, -1).trim() : cell;
}

/**
 * A decimal number, or NaN. `Number()` alone would also take '' and the 0x/0b/0o forms,
 * which are not numbers in a CSV.
 */
function parseNumber(cell: string): number {
  if (cell === '') return Number.NaN;
  const second = cell.charCodeAt(1) | 0x20;
  if (cell.charCodeAt(0) === 48 && (second === 0x78 || second === 0x62 || second === 0x6f)) return Number.NaN;
  const n = Number(cell);
  return Number.isFinite(n) ? n : Number.NaN;
}

function quoteCell(cell: string): string {
  return `'${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}'`;
}

function isTooLarge(text: string): boolean {
  if (text.length > LIMITS.maxCsvBytes) return true;
  return text.length * 3 > LIMITS.maxCsvBytes && utf8ByteLength(text) > LIMITS.maxCsvBytes;
}

/**
 * Parses comma-separated numbers. Rows are counted as lines of the text (1-based, blank lines
 * included) so messages point at what the user sees in an editor. The first non-blank row is a
 * header when any of its cells is not a number. Quotes around a cell are dropped; a quoted comma
 * is not supported.
 */
export function parseCsv(text: unknown): CoreResult<CsvTable> {
  if (typeof text !== 'string') return fail('csv_missing', `dataset.csv must be CSV text, got ${describe(text)}`);
  if (isTooLarge(text)) return fail('csv_too_large', `CSV is larger than ${LIMITS.maxCsvBytes} bytes`);
  let header: string[] | null = null;
  let columns = 0;
  let rows = 0;
  let values = new Float64Array(1024);
  let line = 0;
  for (let pos = 0; pos <= text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const start = pos;
    pos = end + 1;
    line++;
    if (text.slice(start, end).trim() === '') continue;

    if (columns === 0) {
      const cells = text.slice(start, end).split(',').map((c) => cellText(c, 0, c.length));
      columns = cells.length;
      if (columns < 2) return fail('csv_too_few_columns', `row ${line} has 1 column, expected at least 2 (inputs, then the label)`);
      if (cells.some((c) => Number.isNaN(parseNumber(c)))) {
        header = cells;
        continue;
      }
    }
    if (rows === LIMITS.maxDatasetRows) {
      return fail('csv_too_many_rows', `CSV has more than ${LIMITS.maxDatasetRows} rows (row ${line})`);
    }
    if ((rows + 1) * columns > values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    // Count cells and parse in one pass; a wrong column count is reported before a bad cell.
    let count = 0;
    let badColumn = -1;
    let badCell = '';
    for (let cellStart = start; ; ) {
      let comma = text.indexOf(',', cellStart);
      if (comma === -1 || comma > end) comma = end;
      if (count < columns) {
        const cell = cellText(text, cellStart, comma);
        const v = parseNumber(cell);
        if (Number.isNaN(v) && badColumn === -1) {
          badColumn = count;
          badCell = cell;
        }
        values[rows * columns + count] = v;
      }
      count++;
      if (comma === end) break;
      cellStart = comma + 1;
    }
    if (count !== columns) return fail('csv_column_count', `row ${line} has ${count} columns, expected ${columns}`);
    if (badColumn !== -1) return fail('csv_not_a_number', `row ${line}, column ${badColumn + 1}: ${quoteCell(badCell)} is not a number`);
    rows++;
  }
  if (rows === 0) return fail('csv_no_rows', header === null ? 'CSV has no rows' : 'CSV has a header but no data rows');
  return { ok: true, value: { header, columns, rows, values: values.slice(0, rows * columns) } };
}
