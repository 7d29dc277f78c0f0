// A calendar feed's secret URL names its account and feed, so each fetch is checked against
// that account's own stream, as a bearer token is: revocation, deactivation and erasure count
// from the next fetch. Its prefix differs from an access token's, so neither opens the other.
// Only a SHA-256 of the secret part is stored.
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/access-token.js';

const PREFIX = 'cbc';
const TOKEN = /^cbc_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** `cbc_<account, 32 hex>_<feed, 32 hex>_<secret, 43 base64url>`: what the feed's URL is named by. */
export const CALENDAR_FEED_TOKEN_FORMAT = 'cbc_<32 hex>_<32 hex>_<43 base64url>';

export interface IssuedFeedToken {
  token: string;
  secretHash: string;
}

const hexOf = (uuid: string) => uuid.replace(/-/g, '');
const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function issueFeedToken(accountId: string, feedId: string): IssuedFeedToken {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${PREFIX}_${hexOf(accountId)}_${hexOf(feedId)}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseFeedToken(token: string): { accountId: string; feedId: string; secret: string } | undefined {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  return { accountId: uuidOf(match[1]), feedId: uuidOf(match[2]), secret: match[3] };
}

/** Where the feed is fetched, relative to the API's origin. */
export const feedPath = (token: string): string => `/calendar/${token}.ics`;
