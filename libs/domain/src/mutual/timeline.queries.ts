// The query string of a mutual's timeline: which milestones (types, a range of dates), as known
// when (`knownOn`: only what had been recorded by then, before later corrections and
// retractions) and as true when (`trueOn`: what had happened by then, as now believed), a page
// at a time. Together, knownOn=D1&trueOn=D2 asks what was believed on D1 about D2.
import { z } from 'zod';
import { across, day, object, oneOf, optional, partialDate, refuses, setOf } from '../shared/body-fields.js';
import { problem } from '../shared/read-body.js';
import { MILESTONE_TYPES } from './mutual.commands.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from './mutual.vocabulary.js';

export const TIMELINE_PAGE_SIZE = { default: 100, max: 500 } as const;
const PAGE_SIZE_MESSAGE = `must be a whole number from 1 to ${TIMELINE_PAGE_SIZE.max}`;
const CURSOR_MESSAGE = 'must be the nextCursor of an earlier page';
const KNOWN_ON_MESSAGE = 'must be a day (YYYY-MM-DD) or a date and time with a zone (2019-06-30T17:00:00Z)';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page of a timeline ends: the order key of its last milestone, opaque to clients. */
export type TimelineCursor = [sortKey: string, revision: string, milestoneId: string];

/** Where a page of a study's timeline ends: the same, with the mutual after the date. */
export type StudyTimelineCursor = [sortKey: string, mutualId: string, revision: string, milestoneId: string];

export function encodeTimelineCursor(cursor: TimelineCursor | StudyTimelineCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify(cursor));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function decodeCursor(text: string): unknown {
  try {
    const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    // Not one of ours: refused like any other cursor that is not.
    return undefined;
  }
}

const SORT_KEY = /^\d{4}-\d{2}-\d{2}:[0-2]$/;
const REVISION = /^\d{1,19}$/;
const matching = (value: unknown, patterns: RegExp[]): value is string[] =>
  Array.isArray(value) && value.length === patterns.length && value.every((part, i) => typeof part === 'string' && patterns[i].test(part));

function decodeTimelineCursor(text: string): TimelineCursor | undefined {
  const decoded = decodeCursor(text);
  return matching(decoded, [SORT_KEY, REVISION, ID]) ? [decoded[0], decoded[1], decoded[2]] : undefined;
}

function decodeStudyTimelineCursor(text: string): StudyTimelineCursor | undefined {
  const decoded = decodeCursor(text);
  return matching(decoded, [SORT_KEY, ID, REVISION, ID]) ? [decoded[0], decoded[1], decoded[2], decoded[3]] : undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

/**
 * A day or an instant, read as the moment up to which records count: the end of the day (UTC)
 * for a day, the instant itself otherwise. Returned as the first instant that no longer counts.
 */
const knownOn = () =>
  z
    .string({ error: refuses('known-on', KNOWN_ON_MESSAGE) })
    .transform((text, payload) => {
      const ms = DAY.test(text) ? Date.parse(`${text}T00:00:00Z`) + 86_400_000 : INSTANT.test(text) ? Date.parse(text) + 1 : NaN;
      // Date.parse rolls 2019-02-30 over to March: a day it rolls is no day of the calendar.
      const calendarDay = text.slice(0, 10);
      const real =
        !Number.isNaN(Date.parse(`${calendarDay}T00:00:00Z`)) && new Date(`${calendarDay}T00:00:00Z`).toISOString().startsWith(calendarDay);
      if (Number.isNaN(ms) || !real || Number(text.slice(0, 4)) < 1000) {
        payload.issues.push({ code: 'custom', message: problem('known-on', KNOWN_ON_MESSAGE), input: text });
        return z.NEVER;
      }
      return new Date(ms);
    })
    .meta({
      description:
        'Only what had been recorded by then: a day counts everything recorded before its end (UTC), an instant everything recorded up to it. Corrections and retractions recorded later are not applied.',
    });

/** A list given as `type=a,b` or `type=a&type=b`. */
const listOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: refuses('one-of', `must be one or more of: ${values.join(', ')}`) })
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()))
    .pipe(setOf(values))
    .meta({ description: `${description}; comma-separated, or the parameter repeated` });

const pageSize = () =>
  optional(
    z
      .string({ error: refuses('page-size', PAGE_SIZE_MESSAGE) })
      .regex(/^\d{1,4}$/, { error: problem('page-size', PAGE_SIZE_MESSAGE) })
      .refine((text) => Number(text) >= 1 && Number(text) <= TIMELINE_PAGE_SIZE.max, { error: problem('page-size', PAGE_SIZE_MESSAGE) })
      .transform(Number)
      .meta({ description: `Page size, 1 to ${TIMELINE_PAGE_SIZE.max}; ${TIMELINE_PAGE_SIZE.default} unless given` }),
  );

const cursorOf = <T>(decode: (text: string) => T | undefined) =>
  optional(
    z
      .string({ error: refuses('cursor', CURSOR_MESSAGE) })
      .transform(
        (text, payload) =>
          decode(text) ?? (payload.issues.push({ code: 'custom', message: problem('cursor', CURSOR_MESSAGE), input: text }), z.NEVER),
      )
      .meta({ description: 'From `nextCursor` of the page before, with the same filters' }),
  );

const toNotBeforeFrom = across<{ from?: string; to?: string }>(({ from, to }, valid, report) => {
  if (!valid('from') || !valid('to') || from === undefined || to === undefined) return;
  // Compared by the days they could denote: to=2016 with from=2016-06 is a range within 2016.
  const last = to.length === 4 ? `${to}-12-31` : to.length === 7 ? `${to}-31` : to;
  if (last < from) report('to', 'not-before-from', `must not be before from (${from})`);
});

/** `GET /api/v1/mutuals/{id}/timeline`. */
export const MutualTimelineQuery = object({
  type: optional(listOf(MILESTONE_TYPES, 'Only milestones of these types')),
  from: optional(partialDate('Only milestones that could have happened on or after the first day this date denotes')),
  to: optional(partialDate('Only milestones that could have happened on or before the last day this date denotes; not before from')),
  trueOn: optional(
    day(
      'What had happened by the end of this day, as now believed (or as believed on knownOn). A milestone whose partial date spans the day (2016 against 2016-06-01) is included and marked uncertain',
    ),
  ),
  knownOn: optional(knownOn()),
  limit: pageSize(),
  cursor: cursorOf(decodeTimelineCursor),
}).check(toNotBeforeFrom);

/** `GET /api/v1/studies/{id}/timeline`: the mutuals' registry details, milestone types and dates. */
export const StudyTimelineQuery = object({
  serviceArea: optional(oneOf(SERVICE_AREAS, { description: 'Mutuals with this among their service areas' })),
  region: optional(oneOf(REGIONS)),
  legalForm: optional(oneOf(LEGAL_FORMS, { description: 'The legal form as last registered' })),
  type: optional(listOf(MILESTONE_TYPES, 'Only milestones of these types')),
  from: optional(partialDate('Only milestones that could have happened on or after the first day this date denotes')),
  to: optional(partialDate('Only milestones that could have happened on or before the last day this date denotes; not before from')),
  trueOn: optional(
    day(
      'What had happened by the end of this day, as now believed; a milestone whose partial date spans the day is included and marked uncertain',
    ),
  ),
  limit: pageSize(),
  cursor: cursorOf(decodeStudyTimelineCursor),
}).check(toNotBeforeFrom);
