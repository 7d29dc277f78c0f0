// The query string of a mutual's timeline: which milestones (types, a range of dates), as known
// when (`knownOn`: only what had been recorded by then, before later corrections and
// retractions) and as true when (`trueOn`: what had happened by then, as now believed), a page
// at a time. Together, knownOn=D1&trueOn=D2 asks what was believed on D1 about D2.
import { z } from 'zod';
import {
  across,
  day,
  object,
  oneOf,
  optional,
  pageCursor,
  pageSize,
  partialDate,
  refuses,
  setOf,
  upTo,
  withExample,
} from '../shared/body-fields.js';
import { earliestDay, latestDay, partialDate as parsed } from '../shared/partial-date.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { MILESTONE_TYPES } from './mutual.commands.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from './mutual.vocabulary.js';

export const TIMELINE_PAGE_SIZE = { default: 100, max: 500 } as const;
const CURSOR_DESCRIPTION = 'From `nextCursor` of the page before, with the same filters';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page of a timeline ends: the order key of its last milestone, opaque to clients. */
export type TimelineCursor = [sortKey: string, revision: string, milestoneId: string];

/** Where a page of a study's timeline ends: the same, with the mutual after the date. */
export type StudyTimelineCursor = [sortKey: string, mutualId: string, revision: string, milestoneId: string];

export function encodeTimelineCursor(cursor: TimelineCursor | StudyTimelineCursor): string {
  return encodeCursor(cursor);
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

/** A list given as `type=a,b` or `type=a&type=b`. */
const listOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: refuses('one-of', `must be one or more of: ${values.join(', ')}`) })
    .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()))
    .pipe(setOf(values))
    .meta({ description: `${description}; comma-separated, or the parameter repeated` });

const toNotBeforeFrom = across<{ from?: string; to?: string }>(({ from, to }, valid, report) => {
  if (!valid('from') || !valid('to') || from === undefined || to === undefined) return;
  // Compared by the days they could denote: to=2016 with from=2016-06 is a range within 2016.
  if (latestDay(parsed(to)) < earliestDay(parsed(from))) report('to', 'not-before-from', `must not be before from (${from})`);
});

/** The filters every timeline has: milestone types and a range of partial dates. */
const MILESTONE_FILTERS = {
  type: optional(withExample(listOf(MILESTONE_TYPES, 'Only milestones of these types'), 'contract-awarded,contract-renewed')),
  from: optional(withExample(partialDate('Only milestones that could have happened on or after the first day this date denotes'), '2014')),
  to: optional(
    withExample(
      partialDate('Only milestones that could have happened on or before the last day this date denotes; not before from'),
      '2016-06',
    ),
  ),
};

const KNOWN_ON = upTo(
  'Only what had been recorded by then: a day counts everything recorded before its end (UTC), an instant everything recorded up to it. Corrections and retractions recorded later are not applied',
  'known-on',
);

/** `GET /api/v1/mutuals/{id}/timeline`. */
export const MutualTimelineQuery = object({
  ...MILESTONE_FILTERS,
  trueOn: optional(
    withExample(
      day(
        'What had happened by the end of this day, as now believed (or as believed on knownOn). A milestone whose partial date spans the day (2016 against 2016-06-01) is included and marked uncertain',
      ),
      '2016-01-01',
    ),
  ),
  knownOn: optional(withExample(KNOWN_ON, '2019-06-30')),
  limit: optional(withExample(pageSize(TIMELINE_PAGE_SIZE), '100')),
  cursor: optional(pageCursor(decodeTimelineCursor, CURSOR_DESCRIPTION)),
}).check(toNotBeforeFrom);

/** What the timelines across mutuals filter by: the mutuals' registry details, milestone types and dates, as known when. */
const CROSS_CASE_FILTERS = {
  serviceArea: optional(
    withExample(oneOf(SERVICE_AREAS, { description: 'Mutuals with this among their service areas' }), 'health-and-social-care'),
  ),
  region: optional(withExample(oneOf(REGIONS), 'north-west')),
  legalForm: optional(withExample(oneOf(LEGAL_FORMS, { description: 'The legal form as last registered' }), 'community-interest-company')),
  ...MILESTONE_FILTERS,
  trueOn: optional(
    withExample(
      day(
        'What had happened by the end of this day, as now believed (or as believed on knownOn); a milestone whose partial date spans the day is included and marked uncertain',
      ),
      '2016-01-01',
    ),
  ),
  knownOn: optional(withExample(KNOWN_ON, '2019-06-30')),
  limit: optional(withExample(pageSize(TIMELINE_PAGE_SIZE), '100')),
  cursor: optional(pageCursor(decodeStudyTimelineCursor, CURSOR_DESCRIPTION)),
};

/** `GET /api/v1/studies/{id}/timeline`. */
export const StudyTimelineQuery = object(CROSS_CASE_FILTERS).check(toNotBeforeFrom);

/** `GET /api/v1/timeline`: every mutual the caller may see. */
export const SectorTimelineQuery = object(CROSS_CASE_FILTERS).check(toNotBeforeFrom);

/** `GET /api/v1/mutuals/{id}/profile`: the mutual on a day, as now believed or as known on another. */
export const MutualProfileQuery = object({
  trueOn: optional(
    withExample(
      day(
        'The day the profile describes, at its end (today, UTC, when absent). A milestone whose partial date spans the day (2016 against 2016-06-01) is not applied and is listed in `uncertain`',
      ),
      '2016-01-01',
    ),
  ),
  knownOn: optional(
    withExample(
      upTo(
        'Only what had been recorded by then, registration corrections included: a day counts everything recorded before its end (UTC), an instant everything recorded up to it',
        'known-on',
      ),
      '2019-06-30T12:00:00Z',
    ),
  ),
});
