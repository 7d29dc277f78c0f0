// The query string of a contact's history, read like a request body.
import { object, optional, pageCursor, pageSize, withExample } from '../shared/body-fields.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';

export const CONTACT_HISTORY_PAGE_SIZE = { default: 50, max: 200 } as const;

/**
 * Where a page of a contact's history ends: the case-stream revision of its last entry, as a
 * decimal string (revisions are 64-bit). Every event about a contact is in its case's stream, so
 * the revision orders the history and grows as it grows: a walk sees each entry once.
 */
export type ContactHistoryCursor = string;

export const encodeContactHistoryCursor = (cursor: ContactHistoryCursor): string => encodeCursor([cursor]);

function decodeContactHistoryCursor(text: string): ContactHistoryCursor | undefined {
  const decoded = decodeCursor(text);
  if (!Array.isArray(decoded) || decoded.length !== 1) return undefined;
  const [revision] = decoded as unknown[];
  return typeof revision === 'string' && /^(0|[1-9]\d{0,18})$/.test(revision) && BigInt(revision) < 2n ** 63n ? revision : undefined;
}

/** `GET /api/v1/cases/{id}/contacts/{contactId}/history`: the events about the contact, oldest first. */
export const ContactHistoryQuery = object({
  limit: optional(withExample(pageSize(CONTACT_HISTORY_PAGE_SIZE), '50')),
  cursor: optional(pageCursor(decodeContactHistoryCursor)),
});
