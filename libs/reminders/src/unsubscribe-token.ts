// The token of a reminder's unsubscribe link: which case and contact, until when, signed with
// UNSUBSCRIBE_SECRET (HMAC-SHA256), so the page can trust it without a lookup and nobody can
// make one for another contact. The link opts out one contact of one case, so nothing personal
// is in it: ids and an expiry only.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeClaim {
  caseId: string;
  contactId: string;
  /** Milliseconds since the epoch after which the link no longer works. */
  expiresAt: number;
}

export type UnsubscribeCheck = ({ ok: true } & UnsubscribeClaim) | { ok: false; why: 'malformed' | 'forged' | 'expired' };

/** Long enough for a reminder read late in the window it announces; short enough that an old email leaks little. */
export const UNSUBSCRIBE_LINK_DAYS = 120;

const signatureOf = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signUnsubscribeToken(claim: UnsubscribeClaim, secret: string): string {
  const payload = Buffer.from(JSON.stringify([claim.caseId, claim.contactId, claim.expiresAt])).toString('base64url');
  return `${payload}.${signatureOf(payload, secret)}`;
}

export function verifyUnsubscribeToken(token: string, secret: string, now: number): UnsubscribeCheck {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, why: 'malformed' };
  const [, payload, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(signatureOf(payload, secret));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, why: 'forged' };
  let claim: unknown;
  try {
    claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if (!Array.isArray(claim) || claim.length !== 3) return { ok: false, why: 'malformed' };
  const [caseId, contactId, expiresAt] = claim as unknown[];
  if (typeof caseId !== 'string' || typeof contactId !== 'string' || typeof expiresAt !== 'number') return { ok: false, why: 'malformed' };
  if (now >= expiresAt) return { ok: false, why: 'expired' };
  return { ok: true, caseId, contactId, expiresAt };
}

/** The page a contact opens, and that a mail client posts to for a one-click unsubscribe (RFC 8058). */
export const unsubscribeUrl = (publicUrl: string, token: string): string => `${publicUrl}/unsubscribe/${token}`;
