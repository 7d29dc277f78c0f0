// Commands about a study, and the schema of each request body.
import { z } from 'zod';
import { across, day, object, optional, refuses, text, withoutUndefined } from '../shared/body-fields.js';
import { problem, readBody } from '../shared/read-body.js';
import type { StudyCreated, StudyDetailsChanged } from './study.events.js';

export interface CreateStudy {
  type: 'CreateStudy';
  data: Omit<StudyCreated['data'], 'createdAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

/** An interview wave of one of the study's cases that is still scheduled or in progress. */
export interface OpenWaveOfStudy {
  caseId: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
}

export interface ChangeStudyDetails {
  type: 'ChangeStudyDetails';
  data: Omit<StudyDetailsChanged['data'], 'changedAt'>;
  /**
   * The open waves of the study's cases, which live in the cases' streams; the application
   * reads them so that a new period cannot leave one of them outside it.
   */
  openWaves: OpenWaveOfStudy[];
  now: string;
}

export type StudyCommand = CreateStudy | ChangeStudyDetails;

const title = text(200);
const aims = text(4000);
const DETAILS = ['title', 'startsOn', 'endsOn', 'aims', 'timeZone'] as const;

// An IANA name (Area/Location, or UTC); offsets such as +01:00 are not zones a study lives in.
const ZONE_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;
const ZONE_MESSAGE = 'must be an IANA time zone, e.g. Europe/London';

/** The zone in the spelling the runtime's zone database gives it, or undefined when it knows none. */
function knownZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const timeZone = z
  .string({ error: refuses('time-zone', ZONE_MESSAGE) })
  .regex(ZONE_NAME, { error: problem('time-zone', ZONE_MESSAGE) })
  .refine((name) => !ZONE_NAME.test(name) || knownZone(name) !== undefined, { error: problem('time-zone', ZONE_MESSAGE) })
  .overwrite((name) => knownZone(name) ?? name)
  .meta({ description: 'The IANA time zone the study keeps its fieldwork days in, one the zone database knows; stored as it spells it' });

const periodInOrder = across<{ startsOn?: string; endsOn?: string }>(({ startsOn, endsOn }, valid, report) => {
  if (valid('startsOn') && valid('endsOn') && String(endsOn) < String(startsOn))
    report('endsOn', 'not-before-start', `must not be before startsOn (${startsOn})`);
});

export const CreateStudyBody = object({
  title,
  startsOn: day(),
  endsOn: day('Not before startsOn.'),
  aims: optional(aims),
  timeZone: optional(timeZone),
})
  .check(periodInOrder)
  .meta({
    id: 'CreateStudyBody',
    description: 'A study: its title, its period and, optionally, its aims and time zone',
    examples: {
      study: {
        summary: 'A longitudinal study of spun-out mutuals',
        value: {
          title: 'Public Service Mutuals: the first decade',
          startsOn: '2025-01-06',
          endsOn: '2028-03-31',
          aims: 'How mutuals that left the public sector develop over ten years',
        },
      },
    },
  });

export function createStudyFromInput(input: unknown, studyId: string, now: string): CreateStudy {
  return { type: 'CreateStudy', data: withoutUndefined({ studyId, ...readBody(CreateStudyBody, input, now) }), now };
}

const HOLDS_OPEN_WAVES = 'must still hold every open wave of its cases';

/**
 * Every detail is optional, but at least one must be given; `reason` says why and is no detail.
 * Dates given together are checked here; a single date is checked against the stored other one
 * by the decider.
 */
export const ChangeStudyDetailsBody = object({
  title: optional(title),
  startsOn: optional(day(`Not after endsOn; ${HOLDS_OPEN_WAVES}.`)),
  endsOn: optional(day(`Not before startsOn; ${HOLDS_OPEN_WAVES}.`)),
  aims: optional(aims),
  timeZone: optional(timeZone),
  reason: optional(text(2000, { description: 'Why; kept in the history. Not a detail: a reason alone changes nothing' })),
})
  .check(periodInOrder)
  .check(
    across((details, _valid, report) => {
      if (DETAILS.every((field) => details[field] === undefined))
        report('', 'at-least-one-field', `must change at least one of: ${DETAILS.join(', ')}`);
    }),
  )
  .meta({
    id: 'ChangeStudyDetailsBody',
    description: "A change of a study's title, period, aims or time zone: only the details sent change, with an optional reason",
    examples: {
      'extend-period': {
        summary: 'The study runs three months longer',
        value: { endsOn: '2020-06-30', reason: 'The funder extended the study by three months' },
      },
      'time-zone': { summary: 'Give the study its time zone', value: { timeZone: 'Europe/London' } },
      retitle: {
        summary: 'A new title and aims',
        value: { title: 'Public Service Mutuals: the first decade', aims: 'How mutuals develop after spin-out' },
      },
    },
  });

export function changeStudyDetailsFromInput(
  input: unknown,
  studyId: string,
  now: string,
  openWaves: OpenWaveOfStudy[],
): ChangeStudyDetails {
  return {
    type: 'ChangeStudyDetails',
    data: withoutUndefined({ studyId, ...readBody(ChangeStudyDetailsBody, input, now) }),
    openWaves,
    now,
  };
}
