// Query strings of the read routes, read like request bodies: readBody(MutualRegistryQuery,
// query) names every bad parameter and rule at once. Values arrive as strings (or lists of
// them, when repeated), so numbers are read from their text.
import { object, oneOf, optional, pageCursor, pageSize, text } from '../shared/body-fields.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from './mutual.vocabulary.js';

export const REGISTRY_PAGE_SIZE = { default: 25, max: 100 } as const;
const MUTUAL_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Where a page of the registry ends: the sort key (name, id) of its last mutual, opaque to clients. */
export type RegistryCursor = [name: string, mutualId: string];

export function encodeRegistryCursor(cursor: RegistryCursor): string {
  return encodeCursor(cursor);
}

function decodeRegistryCursor(text: string): RegistryCursor | undefined {
  const decoded = decodeCursor(text);
  if (
    Array.isArray(decoded) &&
    decoded.length === 2 &&
    typeof decoded[0] === 'string' &&
    typeof decoded[1] === 'string' &&
    MUTUAL_ID.test(decoded[1])
  ) {
    return [decoded[0], decoded[1]];
  }
  return undefined;
}

/** `GET /api/v1/mutuals`: filters, page size and the cursor of the page before. */
export const MutualRegistryQuery = object({
  serviceArea: optional(oneOf(SERVICE_AREAS, { description: 'Mutuals with this among their service areas' })),
  region: optional(oneOf(REGIONS)),
  legalForm: optional(oneOf(LEGAL_FORMS, { description: 'The legal form as registered' })),
  name: optional(text(200, { description: 'Part of the name, ignoring case' })),
  limit: optional(pageSize(REGISTRY_PAGE_SIZE)),
  cursor: optional(pageCursor(decodeRegistryCursor)),
});
