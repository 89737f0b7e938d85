/** A bad value of one flag; the message is a sentence that names the flag. */
export class FlagError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

/** The values a numeric flag accepts. `above` excludes the minimum (a learning rate must be more than 0). */
export interface FlagRange {
  min: number;
  max: number;
  integer?: boolean;
  above?: boolean;
}

const readable = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 20 });

/** "a whole number from 0 to 65,536", "a number greater than 0 and at most 100". */
export function describeRange({ min, max, integer = false, above = false }: FlagRange): string {
  const kind = integer ? 'a whole number' : 'a number';
  return above ? `${kind} greater than ${readable(min)} and at most ${readable(max)}` : `${kind} from ${readable(min)} to ${readable(max)}`;
}

/** Plain decimal notation: `Number()` alone would also take "0x10", "0b11", " 50" and "". */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Parses a numeric flag's text, or throws a {@link FlagError} saying which values the flag takes. */
export function numberFlag(flag: string, text: string | undefined, range: FlagRange): number | undefined {
  if (text === undefined) return undefined;
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  const fits =
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.above ? value > range.min : value >= range.min) &&
    value <= range.max;
  if (!fits) throw new FlagError(flag, `${flag} must be ${describeRange(range)}, got ${Number.isFinite(value) ? text : JSON.stringify(text)}`);
  return value;
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--lr -1` → `--lr=-1` for flags that take a value: `util.parseArgs` reads a value starting with a dash as a
 * missing argument ("argument is ambiguous"), and a negative number deserves the range message instead.
 */
export function joinNegativeValues(argv: readonly string[], valued: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    const next = argv[k + 1];
    if (valued.has(arg) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      k++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
