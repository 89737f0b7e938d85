import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for edit links: 32 random bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A short random id for sessions and streams. */
export function generateId(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, hex; what sessions keep instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Whether `candidate` is the token whose hash is `expectedHash`. Hashing first gives two equal-length buffers, so
 * `timingSafeEqual` never throws and the comparison time does not depend on where they differ or on their lengths.
 */
export function tokenMatches(candidate: string, expectedHash: string): boolean {
  const a = createHash('sha256').update(candidate, 'utf8').digest();
  const b = Buffer.from(expectedHash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}
