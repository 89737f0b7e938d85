/**
 * Versioned schema changes, shared by both backends' runners: a store at version `v` applies, in order, every
 * migration with `to > v`, each in its own transaction that also records the new version. A landed migration is
 * never edited; a change to the schema is a new one at the end, with a test that opens a store of every older version.
 */

export interface Migration {
  /** The schema version this step produces (1 for the first). */
  to: number;
  /** What changes and why, for the reader of the list. */
  why: string;
  /** The statements of the step, run as one script. */
  sql: string;
  /** Then, in the same transaction, fill `sessions.name_folded` in JavaScript: neither database folds non-ASCII case. */
  foldsNames?: true;
}

/** Checks that `migrations` are numbered 1, 2, 3, … with no gap: a programmer mistake, so it throws. */
export function latestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.to !== i + 1) throw new Error(`expected migration ${i} to produce version ${i + 1}, got ${m.to}`);
  });
  return migrations.length;
}

/** The migrations a store at `from` still needs to reach `to`, in order. */
export function pendingMigrations(migrations: readonly Migration[], from: number, to: number): readonly Migration[] {
  return migrations.filter((m) => m.to > from && m.to <= to);
}
