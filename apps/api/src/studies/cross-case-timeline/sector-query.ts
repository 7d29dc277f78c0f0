// The sector timeline's query string: a service area and a range of years.
import { InputReader, SERVICE_AREAS } from '@casebook/domain';
import type { TimelineScope } from './cross-case-timeline.query.js';

export function sectorFilters(query: Record<string, unknown>): Omit<TimelineScope, 'mutualIds'> {
  const reader = new InputReader({ ...query });
  reader.rejectUnknown(['serviceArea', 'from', 'to']);
  const serviceArea = reader.optionalOneOf('serviceArea', SERVICE_AREAS);
  const fromYear = year(reader, 'from');
  const toYear = year(reader, 'to');
  if (fromYear !== undefined && toYear !== undefined && toYear < fromYear) {
    reader.fail('to', 'not-before-from', `must not be before from (${fromYear})`);
  }
  reader.throwIfInvalid();
  return {
    ...(serviceArea !== undefined && { serviceArea }),
    ...(fromYear !== undefined && { fromYear }),
    ...(toYear !== undefined && { toYear }),
  };
}

function year(reader: InputReader, field: string): number | undefined {
  if (!reader.has(field)) return undefined;
  const value = reader.raw(field);
  if (typeof value === 'string' && /^\d{4}$/.test(value)) return Number(value);
  reader.fail(field, 'year', 'must be a year written YYYY');
  return undefined;
}
