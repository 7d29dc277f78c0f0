// Commands about a case as a whole, and the schema of each request body, which both reads and
// documents it. Wave and contact commands sit beside this file; all of them are decided by
// ./case.decider.ts.
import { object, oneOf, optional, setOf, text, uuid, withoutUndefined } from '../shared/body-fields.js';
import { readBody } from '../shared/read-body.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '../mutual/mutual.vocabulary.js';
import type { CaseEnrolled, CaseLinkedToEarlierCase, CaseWithdrawn } from './case.events.js';
import { outcomeDay } from './case.input.js';
import { EMPLOYEE_BANDS, STAGES_OF_DEVELOPMENT, TURNOVER_BANDS } from './case.vocabulary.js';
import type { ContactCommand } from './contact.commands.js';
import type { WaveCommand } from './wave.commands.js';
import type { ReminderCommand } from './reminder.commands.js';

/**
 * The application checks that the study and the mutual exist (it reads their streams) before
 * it runs this; the case decider only knows the case's own history.
 */
export interface EnrolCase {
  type: 'EnrolCase';
  data: Omit<CaseEnrolled['data'], 'enrolledAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

/** The application checks that the earlier case exists and belongs to `earlierStudyId`. */
export interface LinkRevisitedCase {
  type: 'LinkRevisitedCase';
  data: CaseLinkedToEarlierCase['data'];
  now: string;
}

export interface WithdrawCase {
  type: 'WithdrawCase';
  data: Omit<CaseWithdrawn['data'], 'withdrawnAt'>;
  now: string;
}

export type CaseCommand = EnrolCase | LinkRevisitedCase | WithdrawCase | WaveCommand | ContactCommand | ReminderCommand;

const MUTUAL_ID = '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

export const EnrolCaseBody = object({
  mutualId: uuid('A registered mutual'),
  selection: object({
    serviceAreas: setOf(SERVICE_AREAS),
    stageOfDevelopment: oneOf(STAGES_OF_DEVELOPMENT, {
      description: 'Whole years since spin-out: early 0-2, developing 3-5, established 6+',
    }),
    // Either size band may be unknown; an absent one stays absent rather than defaulting.
    turnoverBand: optional(
      oneOf(TURNOVER_BANDS, { description: 'Annual turnover in pounds; may be unknown, and is then kept absent, never defaulted' }),
    ),
    employeeBand: optional(oneOf(EMPLOYEE_BANDS, { description: 'Head count; may be unknown like turnoverBand' })),
    region: oneOf(REGIONS),
    legalForm: oneOf(LEGAL_FORMS),
  }).meta({ description: 'Why this mutual was chosen: the dimensions the sample is meant to cover' }),
}).meta({
  id: 'EnrolCaseBody',
  description: 'A registered mutual to enrol in the study as a case, with the reasons it was selected',
  examples: {
    'established-cic': {
      summary: 'An established community interest company in health and social care',
      value: {
        mutualId: MUTUAL_ID,
        selection: {
          serviceAreas: ['health-and-social-care'],
          stageOfDevelopment: 'established',
          turnoverBand: '5m-20m',
          employeeBand: '250-999',
          region: 'north-west',
          legalForm: 'community-interest-company',
        },
      },
    },
    'head-count-only': {
      summary: 'A mutual whose turnover the team does not know',
      value: {
        mutualId: MUTUAL_ID,
        selection: {
          serviceAreas: ['housing'],
          stageOfDevelopment: 'early',
          employeeBand: '50-249',
          region: 'london',
          legalForm: 'community-benefit-society',
        },
      },
    },
  },
});

export function enrolCaseFromInput(input: unknown, ids: { caseId: string; studyId: string }, now: string): EnrolCase {
  const { mutualId, selection } = readBody(EnrolCaseBody, input, now);
  return { type: 'EnrolCase', data: { ...ids, mutualId, selection: withoutUndefined(selection) }, now };
}

const earlierCaseId = uuid('The case of an earlier study that this case revisits');
const note = optional(text(4000));

/** The request names the earlier case only; the application reads its study from that case's record. */
export const LinkCaseBody = object({ earlierCaseId, note }).meta({
  id: 'LinkCaseBody',
  description: 'The case of an earlier study that this case revisits',
  examples: {
    revisit: {
      summary: 'A mutual followed again by a later study',
      value: { earlierCaseId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', note: 'Revisited ten years after the 2014 study' },
    },
  },
});

/**
 * Reads the link as the client sends it; `ofStudy` then completes it with the earlier case's
 * study, which the application reads from that case's own record.
 */
export function linkRevisitedCaseFromInput(input: unknown, ids: { caseId: string }, now: string) {
  const data = withoutUndefined({ ...ids, ...readBody(LinkCaseBody, input, now) });
  return {
    earlierCaseId: data.earlierCaseId,
    ofStudy: (earlierStudyId: string): LinkRevisitedCase => ({ type: 'LinkRevisitedCase', data: { ...data, earlierStudyId }, now }),
  };
}

export const WithdrawCaseBody = object({
  reason: text(2000),
  occurredOn: outcomeDay.meta({
    description: 'The day the case was withdrawn; by default today (UTC), never in the future. Its open waves are cancelled on that day.',
  }),
}).meta({
  id: 'WithdrawCaseBody',
  description: 'Why the case leaves its study, and on which day; its open waves are cancelled with the same reason and day',
  examples: {
    withdraw: { summary: 'Withdrawn today', value: { reason: 'The board declined to take part further' } },
    earlier: { summary: 'Withdrawn on an earlier day', value: { reason: 'The mutual closed', occurredOn: '2020-03-20' } },
  },
});

export function withdrawCaseFromInput(input: unknown, ids: { caseId: string }, now: string): WithdrawCase {
  const { reason, occurredOn } = readBody(WithdrawCaseBody, input, now);
  return { type: 'WithdrawCase', data: { ...ids, reason, occurredOn: occurredOn ?? now.slice(0, 10) }, now };
}
