// Issued tokens name their account, so a request is checked against that account's own
// stream: consistent at once, revocation included. Only a SHA-256 of the secret part is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'cbk';

export interface IssuedToken {
  token: string;
  tokenHash: string;
}

export function issueToken(accountId: string): IssuedToken {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${PREFIX}_${accountId.replace(/-/g, '')}_${secret}`, tokenHash: hashSecret(secret) };
}

export function parseToken(token: string): { accountId: string; secret: string } | undefined {
  const match = /^cbk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const hex = match[1];
  const accountId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { accountId, secret: match[2] };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares in constant time, so response times do not leak how much of a secret matched. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
