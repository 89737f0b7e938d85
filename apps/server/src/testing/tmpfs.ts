import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real, size-capped file system for disk-full and read-only tests. */
export interface Tmpfs {
  dir: string;
  /** Remounts it read-only, keeping what it holds. */
  makeReadOnly(): void;
  /** Unmounts and removes the mount point. */
  remove(): void;
}

/**
 * Mounts a tmpfs of `sizeKiB` (read-only when asked) on a fresh temp dir. Needs root (or CAP_SYS_ADMIN): a full disk
 * and a read-only mount are only honest on a real file system, and permission bits do not stop root.
 */
export function mountTmpfs(sizeKiB: number, options: { readOnly?: boolean } = {}): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'liveprop-tmpfs-'));
  const flags = `size=${sizeKiB}k,mode=0755${options.readOnly ? ',ro' : ''}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`expected to mount a ${sizeKiB} KiB tmpfs on ${dir} (needs root), got: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return {
    dir,
    makeReadOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });
    },
    remove() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Appends zeros to `path` until the file system refuses with ENOSPC (at most `maxBytes`); returns the bytes written. */
export function fillDisk(path: string, maxBytes = 64 * 1024 * 1024): number {
  const chunk = Buffer.alloc(16 * 1024);
  const fd = openSync(path, 'a');
  let written = 0;
  try {
    while (written < maxBytes) written += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    return written;
  } finally {
    closeSync(fd);
  }
  throw new Error(`expected ${path} to run out of space within ${maxBytes} bytes, wrote them all`);
}
