// Commands about a study, and the schema of each request body.
import { z } from 'zod';
import { across, day, object, optional, refuses, text, withoutUndefined } from '../shared/body-fields.js';
import { problem, readBody } from '../shared/read-body.js';
import type { StudyCreated, StudyDetailsChanged } from './study.events.js';
import {
  DAYS_BEFORE_RANGE,
  DEFAULT_REMINDER_POLICY,
  FOLLOW_UP_DAYS_RANGE,
  type IsoWeekday,
  type ReminderPolicy,
  minutesOfClock,
} from './reminder-policy.js';

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

/** The study's whole reminder policy from now on, with an optional reason. */
export interface ChangeReminderPolicy {
  type: 'ChangeReminderPolicy';
  data: { studyId: string; policy: ReminderPolicy; reason?: string };
  now: string;
}

export type StudyCommand = CreateStudy | ChangeStudyDetails | ChangeReminderPolicy;

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

// Whole numbers as multiples of 1 published as integers, as body-fields' counts are: zod's .int()
// aborts, which would stop the rules across fields from naming their problems too.
const wholeFrom = (min: number, max: number, rule: string) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: refuses(rule, message) })
    .multipleOf(1, { error: problem(rule, message) })
    .refine(Number.isInteger, { error: problem(rule, message) })
    .min(min, { error: problem(rule, message) })
    .max(max, { error: problem(rule, message) })
    .meta({ type: 'integer' });
};

/** Each repeat in a list of numbers, named at its index. */
const noRepeats = z.superRefine<number[]>((items, payload) => {
  items.forEach((item, index) => {
    if (items.indexOf(item) !== index)
      payload.addIssue({ code: 'custom', message: problem('unique', `repeats ${item}`), input: item, path: [index] });
  });
});

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const clock = (description: string) =>
  z
    .string({ error: refuses('clock', 'must be a time written HH:MM, 00:00 to 23:59') })
    .regex(CLOCK, { error: problem('clock', 'must be a time written HH:MM, 00:00 to 23:59') })
    .meta({ description });

const workingHours = object({
  from: clock("When reminders may start going out, in the study's time zone"),
  to: clock('When they stop; after from'),
}).check(
  across<{ from?: string; to?: string }>(({ from, to }, valid, report) => {
    if (valid('from') && valid('to') && minutesOfClock(String(to)) <= minutesOfClock(String(from)))
      report('to', 'after-from', `must be after from (${from})`);
  }),
);

const defaults = DEFAULT_REMINDER_POLICY;

/**
 * A whole reminder policy: what is left out takes the default's value (`followUpDaysIntoWindow:
 * null` says no follow-up, which is not the same as leaving it out).
 */
export const ChangeReminderPolicyBody = object({
  daysBefore: optional(
    z
      .array(wholeFrom(DAYS_BEFORE_RANGE.min, DAYS_BEFORE_RANGE.max, 'days-before'), { error: refuses('type', 'must be an array') })
      .max(10, { error: problem('max-items', 'must name at most 10 values') })
      .check(noRepeats)
      .meta({
        uniqueItems: true,
        description: `Whole days before a wave's window opens that each named contact is reminded, distinct; [] for none. Default [${defaults.daysBefore.join(', ')}].`,
      }),
  ),
  followUpDaysIntoWindow: wholeFrom(FOLLOW_UP_DAYS_RANGE.min, FOLLOW_UP_DAYS_RANGE.max, 'follow-up-days')
    .nullable()
    .optional()
    .meta({
      description: `Days into the window after which a contact with no interview recorded for the wave is reminded again; null for no follow-up. Default ${defaults.followUpDaysIntoWindow}.`,
    }),
  workingHours: optional(workingHours).meta({
    description: `The hours reminders go out in, in the study's time zone. Default ${defaults.workingHours.from} to ${defaults.workingHours.to}.`,
  }),
  workingDays: optional(
    z
      .array(wholeFrom(1, 7, 'iso-weekday'), { error: refuses('type', 'must be an array') })
      .min(1, { error: problem('min-items', 'must name at least one day') })
      .max(7, { error: problem('max-items', 'must name at most 7 days') })
      .check(noRepeats)
      .meta({
        uniqueItems: true,
        description: 'ISO weekdays reminders go out on, 1 (Monday) to 7 (Sunday), distinct. Default Monday to Friday.',
      }),
  ),
  reason: optional(text(2000, { description: 'Why; kept in the history' })),
}).meta({
  id: 'ChangeReminderPolicyBody',
  description: "The study's whole reminder policy: what is left out takes the default's value",
  examples: {
    default: {
      summary: 'The default policy, written out',
      value: { daysBefore: [14, 3], followUpDaysIntoWindow: 7, workingHours: { from: '09:00', to: '17:00' }, workingDays: [1, 2, 3, 4, 5] },
    },
    'no-follow-up': {
      summary: 'One reminder a week ahead, no follow-up, mornings only',
      value: {
        daysBefore: [7],
        followUpDaysIntoWindow: null,
        workingHours: { from: '09:30', to: '12:00' },
        reason: 'Contacts asked for fewer emails',
      },
    },
  },
});

export function changeReminderPolicyFromInput(input: unknown, studyId: string, now: string): ChangeReminderPolicy {
  const body = readBody(ChangeReminderPolicyBody, input, now);
  const policy: ReminderPolicy = {
    daysBefore: body.daysBefore ?? [...defaults.daysBefore],
    followUpDaysIntoWindow: body.followUpDaysIntoWindow === undefined ? defaults.followUpDaysIntoWindow : body.followUpDaysIntoWindow,
    workingHours: body.workingHours ? { from: body.workingHours.from, to: body.workingHours.to } : { ...defaults.workingHours },
    workingDays: (body.workingDays as IsoWeekday[] | undefined) ?? [...defaults.workingDays],
  };
  return { type: 'ChangeReminderPolicy', data: withoutUndefined({ studyId, policy, reason: body.reason }), now };
}
