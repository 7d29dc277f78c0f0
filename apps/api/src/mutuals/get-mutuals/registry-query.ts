// The registry's query string: filters, page size and cursor, read like any other input.
import { InputReader, LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '@casebook/domain';
import type { RegistryCursor, RegistryFilter } from './list-mutuals.query.js';

export const PAGE_SIZE = { default: 25, max: 100 } as const;
const FILTERS = ['serviceArea', 'region', 'legalForm', 'name'] as const;

export function registryQuery(query: Record<string, unknown>): { filter: Omit<RegistryFilter, 'mutualIds'> & Record<string, string>; limit: number; after?: RegistryCursor } {
  const reader = new InputReader({ ...query });
  reader.rejectUnknown([...FILTERS, 'limit', 'cursor']);
  const filter: Record<string, string | undefined> = {
    serviceArea: reader.optionalOneOf('serviceArea', SERVICE_AREAS),
    region: reader.optionalOneOf('region', REGIONS),
    legalForm: reader.optionalOneOf('legalForm', LEGAL_FORMS),
    name: reader.optionalText('name', { maxLength: 200 }),
  };
  const limit = pageSize(reader);
  const after = reader.has('cursor') ? decodeCursor(reader) : undefined;
  reader.throwIfInvalid();
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return { filter: given, limit, ...(after && { after }) };
}

function pageSize(reader: InputReader): number {
  if (!reader.has('limit')) return PAGE_SIZE.default;
  const raw = reader.raw('limit');
  const value = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= PAGE_SIZE.max)) {
    reader.fail('limit', 'page-size', `must be a whole number from 1 to ${PAGE_SIZE.max}`);
    return PAGE_SIZE.default;
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor is the sort key of the last mutual of a page, opaque to clients. */
export function encodeCursor(cursor: RegistryCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(reader: InputReader): RegistryCursor | undefined {
  const raw = reader.raw('cursor');
  try {
    const decoded: unknown = typeof raw === 'string' ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && typeof decoded[1] === 'string' && UUID.test(decoded[1])) {
      return [decoded[0], decoded[1]];
    }
  } catch {
    // Reported below like any other cursor that is not one of ours.
  }
  reader.fail('cursor', 'cursor', 'must be the nextCursor of an earlier page');
  return undefined;
}
