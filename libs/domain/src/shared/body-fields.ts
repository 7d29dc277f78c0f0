// The kinds of field request bodies are made of, each a zod schema whose JSON Schema says its
// rules (type, enum, pattern, maxLength, minimum, multipleOf...) and whose description says the
// few no keyword can (trimming, calendar validity, dates judged by the day of the request).
// Absent and null are the same to an optional field, as they always were to the API.
import { z } from 'zod';
import { EARLIEST_YEAR, isWhollyAfter, parsePartialDate } from './partial-date.js';
import { problem, requestDay } from './read-body.js';

const REQUIRED = problem('required', 'is required');
interface Issue {
  input?: unknown;
}
type Payload = z.core.ParsePayload;

/** An error map: absent or null is `absent` (required, unless said otherwise), any other refusal is `rule`. */
export const refuses =
  (rule: string, text: string, absent = REQUIRED) =>
  (issue: Issue): string =>
    issue.input === undefined || issue.input === null ? absent : problem(rule, text);

const described = (...parts: (string | undefined)[]) => {
  const description = parts
    .filter((part): part is string => Boolean(part))
    .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');
  return description ? { description } : {};
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Pushes a refusal that stops the field's later checks but lets rules across fields run. */
const refuse = (payload: Payload, rule: string, text: string) =>
  payload.issues.push({ code: 'custom', message: problem(rule, text), input: payload.value, path: [] });

/** Events are plain JSON, and JSON has no `undefined`: absent facts are left out, nested ones too. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, isObject(v) ? withoutUndefined(v) : v]),
  ) as T;
}

/** Optional: absent, and null as ever, read as undefined. */
export const optional = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value): z.output<T> | undefined => value ?? undefined);

/** The field, with an example for the API's documentation: a value the field accepts. */
export const withExample = <T extends z.ZodType>(schema: T, example: string): T => schema.meta({ examples: [example] });

/** A nested object of known fields only. */
export const object = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, { error: refuses('object', 'must be a JSON object') });

interface FieldOptions {
  description?: string;
  /** What a null (or, when required, absent) value is told, when not `required`. */
  absent?: string;
}

/** Text of at most `max` characters (code points, as sent); stored trimmed, and never blank. */
export const text = (max: number, { description, absent }: FieldOptions = {}) =>
  z
    .string({ error: refuses('type', 'must be a string', absent) })
    .refine((value) => value.trim() !== '', { error: problem('not-blank', 'must not be blank') })
    .max(max, { error: problem('max-length', `must be at most ${max} characters`) })
    .trim()
    .meta(described(description, 'Leading and trailing whitespace is trimmed; must not be blank.'));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, { description }: FieldOptions = {}) =>
  z.enum(values, { error: refuses('one-of', `must be one of: ${values.join(', ')}`) }).meta(described(description));

/** A non-empty list of distinct values, each from `values`. */
export const setOf = <const T extends readonly [string, ...string[]]>(values: T, { description, absent }: FieldOptions = {}) =>
  z
    .array(z.enum(values, { error: problem('one-of', `must be one of: ${values.join(', ')}`) }), {
      error: refuses('type', 'must be an array', absent),
    })
    .min(1, { error: problem('min-items', 'must name at least one value') })
    .check(distinct)
    .meta({ uniqueItems: true, ...described(description) });

// Every record's id is a UUID the API handed out; anything else cannot name one, so it is bad input.
const ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const idMessage = 'must be the UUID of a record, e.g. 6b1d9a7e-2f4c-4d8e-9a0b-1c2d3e4f5a6b';

export const uuid = (description?: string) =>
  z.stringFormat('uuid', ID, { error: refuses('uuid', idMessage) }).meta(described(description));

/** At most `max` distinct ids; absent reads as none. */
export const idList = (max: number, description?: string) =>
  z
    .array(z.stringFormat('uuid', ID, { error: problem('uuid', idMessage) }), { error: refuses('type', 'must be an array') })
    .max(max, { error: problem('max-items', `must name at most ${max} values`) })
    .check(distinct)
    .meta({ uniqueItems: true, ...described(description) });

export const boolean = (description?: string) =>
  z.boolean({ error: refuses('type', 'must be true or false') }).meta(described(description));

/** Whether the field's own rules refused it (a rule across fields naming it does not count). */
const refused = (payload: Payload, key: PropertyKey) =>
  payload.issues.some((issue) => issue.path?.[0] === key && (issue.params as { across?: boolean } | undefined)?.across !== true);

/** Repeats in a list, judged among its valid items whatever else is wrong with it. */
const distinct = z.superRefine<unknown[]>(
  (items, payload) => {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      if (refused(payload, index)) return;
      if (seen.has(item))
        payload.addIssue({ code: 'custom', message: problem('unique', `repeats "${String(item)}"`), input: item, path: [index] });
      seen.add(item);
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);

const PARTIAL_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** A date known to the year, month or day; `past` refuses one wholly after the day of the request. */
export const partialDate = (description: string, { past = false } = {}) =>
  z
    .stringFormat('partial-date', PARTIAL_DATE, { error: refuses('partial-date', 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD') })
    .check((payload) => {
      const date = parsePartialDate(payload.value);
      if (date === 'format') return;
      if (date === 'year') refuse(payload, 'partial-date', `must be a year from ${EARLIEST_YEAR} on`);
      else if (typeof date === 'string') refuse(payload, 'partial-date', `has no such ${date} in the calendar`);
      else if (past && isWhollyAfter(date, requestDay())) refuse(payload, 'not-in-future', `must not be after today (${requestDay()})`);
    })
    .meta(
      described(
        description,
        `\`YYYY\`, \`YYYY-MM\` or \`YYYY-MM-DD\`, kept at that precision; a date of the calendar from ${EARLIEST_YEAR} on.`,
        past ? 'Not in the future (the day of the request, UTC).' : undefined,
      ),
    );

const DAY_MESSAGE = 'must be a calendar date written YYYY-MM-DD';

/** A calendar day, `YYYY-MM-DD`; `past` refuses one after the day of the request. */
export const day = (description?: string, { past = false } = {}) =>
  z.iso
    .date({ error: refuses('date', DAY_MESSAGE) })
    .check((payload) => {
      if (typeof parsePartialDate(payload.value) === 'string') refuse(payload, 'date', DAY_MESSAGE);
      else if (past && payload.value > requestDay()) refuse(payload, 'not-in-future', `must not be after today (${requestDay()})`);
    })
    .meta(described(description, `From ${EARLIEST_YEAR} on.`, past ? 'Not in the future (the day of the request, UTC).' : undefined));

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;
const INSTANT_MESSAGE = 'must be a date and time with a zone, e.g. 2026-11-30T09:00:00Z';

/** An instant with a time zone, e.g. `2026-11-30T09:00:00Z`, read as UTC. */
export const instant = (description?: string) =>
  z
    .stringFormat('date-time', INSTANT, { error: refuses('date-time', INSTANT_MESSAGE) })
    .check((payload) => {
      const match = INSTANT.exec(payload.value);
      if (match && typeof parsePartialDate(match[1]) === 'string') refuse(payload, 'date-time', INSTANT_MESSAGE);
    })
    .overwrite((value) => (Number.isNaN(Date.parse(value)) ? value : new Date(value).toISOString()))
    .meta(described(description, `Seconds optional; a day of the calendar from ${EARLIEST_YEAR} on; kept as UTC.`));

const UP_TO_MESSAGE = 'must be a day (YYYY-MM-DD) or a date and time with a zone (2019-06-30T17:00:00Z)';

/**
 * A day or an instant with a zone, read as the moment up to which things count, and given as the
 * first instant that no longer does: the start of the next day (UTC) for a day, a millisecond past
 * the instant otherwise.
 */
export const upTo = (description: string, rule = 'day-or-date-time') =>
  z
    .string({ error: refuses(rule, UP_TO_MESSAGE) })
    .transform((text, payload) => {
      const isDay = /^\d{4}-\d{2}-\d{2}$/.test(text);
      const calendarDay = isDay || INSTANT.test(text) ? parsePartialDate(text.slice(0, 10)) : 'format';
      if (typeof calendarDay === 'string') {
        payload.issues.push({ code: 'custom', message: problem(rule, UP_TO_MESSAGE), input: text });
        return z.NEVER;
      }
      return new Date(isDay ? Date.parse(`${text}T00:00:00Z`) + 86_400_000 : Date.parse(text) + 1);
    })
    .meta(described(description, `From ${EARLIEST_YEAR} on.`));

/** A page size from 1 to `max`, read from its text. */
export const pageSize = ({ default: fallback, max }: { default: number; max: number }) => {
  const message = `must be a whole number from 1 to ${max}`;
  return z
    .string({ error: refuses('page-size', message) })
    .regex(/^\d{1,4}$/, { error: problem('page-size', message) })
    .refine((text) => Number(text) >= 1 && Number(text) <= max, { error: problem('page-size', message) })
    .transform(Number)
    .meta({ description: `Page size, 1 to ${max}; ${fallback} unless given` });
};

/** The `nextCursor` of an earlier page, decoded by `decode` (undefined when it is not one). */
export const pageCursor = <T>(decode: (text: string) => T | undefined, description = 'From `nextCursor` of the page before') => {
  const message = 'must be the nextCursor of an earlier page';
  return z
    .string({ error: refuses('cursor', message) })
    .transform(
      (text, payload) =>
        decode(text) ?? (payload.issues.push({ code: 'custom', message: problem('cursor', message), input: text }), z.NEVER),
    )
    .meta({ description });
};

// Matched against the trimmed address; the whitespace either side is what trimming takes away.
const EMAIL = /^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/;

/** An email address, trimmed and lower-cased, at most 254 characters as sent. */
export const email = (description?: string) =>
  z
    .email({
      pattern: EMAIL,
      error: (issue) => {
        if (issue.code !== 'invalid_format') return refuses('type', 'must be a string')(issue);
        const sent = String(issue.input);
        if (sent.trim() === '') return problem('not-blank', 'must not be blank');
        return sent.length > 254 ? problem('max-length', 'must be at most 254 characters') : problem('email', 'must be an email address');
      },
    })
    .max(254, { error: problem('max-length', 'must be at most 254 characters') })
    .trim()
    .toLowerCase()
    .meta(described(description, 'Trimmed and lower-cased.'));

// multipleOf publishes the rule; zod and JSON Schema validators judge it with a tolerance for
// floating point (0.29 is a whole number of pence although 0.29 * 100 is not 29), so a value
// too small for that tolerance to see (5e-324) is also checked on its decimal text.
const toTwoDecimals = (value: number) => Number(value.toFixed(2)) === value;
const whole = (value: number) => Number.isInteger(value);

/** An amount in pounds sterling, zero or more, to the penny. */
export const money = (description?: string) =>
  z
    .number({ error: refuses('type', 'must be a number') })
    .nonnegative({ error: problem('non-negative', 'must not be negative') })
    .multipleOf(0.01, { error: problem('pence', 'must have at most two decimal places') })
    .refine(toTwoDecimals, { error: problem('pence', 'must have at most two decimal places') })
    .meta(described(description, 'Pounds sterling, to the penny.'));

/** Zero or more, to two decimal places. */
export const decimal = (description?: string) =>
  z
    .number({ error: refuses('type', 'must be a number') })
    .nonnegative({ error: problem('non-negative', 'must not be negative') })
    .multipleOf(0.01, { error: problem('decimals', 'must have at most two decimal places') })
    .refine(toTwoDecimals, { error: problem('decimals', 'must have at most two decimal places') })
    .meta(described(description));

export const percent = (description?: string) =>
  z
    .number({ error: refuses('type', 'must be a number') })
    .min(0, { error: problem('percent', 'must be between 0 and 100') })
    .max(100, { error: problem('percent', 'must be between 0 and 100') })
    .multipleOf(0.01, { error: problem('decimals', 'must have at most two decimal places') })
    .refine(toTwoDecimals, { error: problem('decimals', 'must have at most two decimal places') })
    .meta(described(description));

// Whole numbers are multiples of 1 published as integers: zod's own .int() refuses a fraction
// with an explicit abort, which would stop every rule across fields of the body from running.
const INTEGER = { type: 'integer' };

export const count = (description?: string) =>
  z
    .number({ error: refuses('non-negative-integer', 'must be a whole number, zero or more') })
    .multipleOf(1)
    .refine(whole)
    .nonnegative()
    .meta({ ...INTEGER, ...described(description) });

export const positiveInteger = (description?: string) =>
  z
    .number({ error: refuses('positive-integer', 'must be a whole number, 1 or more') })
    .multipleOf(1)
    .refine(whole)
    .min(1)
    .meta({ ...INTEGER, ...described(description) });

/** The fields of `value` that were given and are valid, for rules across fields. */
export type Valid = (field: string) => boolean;
type Report = (field: string, rule: string, text: string) => void;

/**
 * A rule across the fields of an object. It runs whatever else is wrong with the object, so its
 * problem is reported with every other, and reads only the fields that are present and valid.
 */
export const across = <T = Record<string, unknown>>(rule: (value: T, valid: Valid, report: Report, payload: Payload) => void) =>
  z.superRefine<T>(
    (value, payload) =>
      rule(
        value,
        (field) => (value as Record<string, unknown>)[field] !== undefined && !refused(payload, field),
        (field, name, text) =>
          payload.addIssue({ code: 'custom', message: problem(name, text), path: field ? [field] : [], params: { across: true } }),
        payload,
      ),
    { when: (payload) => isObject(payload.value) },
  );
