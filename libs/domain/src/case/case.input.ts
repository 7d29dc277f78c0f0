// Field readers the case commands need beyond shared/input-reader.ts. They report through the
// same InputReader, so their problems arrive with every other field's, path and rule named.
import type { InputReader } from '../shared/input-reader.js';

// Ids become part of stream names and are looked up in other streams, so anything beyond a
// plain token (a UUID, say) is refused before it reaches the store.
// Every record's id is a UUID the API handed out; anything else cannot name one, so it is bad input.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Commands whose fields are all optional may come as a POST with no body at all. */
export const orEmptyBody = (input: unknown): unknown => (input === undefined || input === null ? {} : input);

export function requiredId(body: InputReader, field: string): string {
  if (!body.has(field)) {
    body.fail(field, 'required', 'is required');
    return '';
  }
  return id(body, field, body.raw(field)) ?? '';
}

export function optionalId(body: InputReader, field: string): string | undefined {
  if (!body.has(field)) return undefined;
  return id(body, field, body.raw(field));
}

/** An optional list of distinct ids; absent reads as empty. */
export function optionalIdList(body: InputReader, field: string, maxItems: number): string[] {
  if (!body.has(field)) return [];
  const value = body.raw(field);
  if (!Array.isArray(value)) {
    body.fail(field, 'type', 'must be an array');
    return [];
  }
  if (value.length > maxItems) {
    body.fail(field, 'max-items', `must name at most ${maxItems} values`);
    return [];
  }
  const result: string[] = [];
  value.forEach((item, index) => {
    const path = `${field}[${index}]`;
    const ok = id(body, path, item);
    if (ok === undefined) return;
    if (result.includes(ok)) body.fail(path, 'unique', `repeats "${ok}"`);
    else result.push(ok);
  });
  return result;
}

export function requiredBoolean(body: InputReader, field: string): boolean {
  if (!body.has(field)) {
    body.fail(field, 'required', 'is required');
    return false;
  }
  const value = body.raw(field);
  if (typeof value !== 'boolean') {
    body.fail(field, 'type', 'must be true or false');
    return false;
  }
  return value;
}

function id(body: InputReader, field: string, value: unknown): string | undefined {
  if (typeof value === 'string' && ID.test(value)) return value;
  body.fail(field, 'uuid', 'must be the UUID of a record, e.g. 6b1d9a7e-2f4c-4d8e-9a0b-1c2d3e4f5a6b');
  return undefined;
}

/**
 * The day an outcome happened in the field, `occurredOn`: by default the day of `now` (UTC),
 * never later, since nobody records tomorrow's outcome today.
 */
export function outcomeDay(body: InputReader, now: string): string {
  const today = now.slice(0, 10);
  if (!body.has('occurredOn')) return today;
  const day = body.requiredDay('occurredOn');
  if (day && day > today) body.fail('occurredOn', 'not-in-future', `must not be after today (${today})`);
  return day;
}
