// Commands a researcher can give about a mutual, and the schema of each request body, which
// both reads it and documents it. Every field rule lives here or, per milestone kind, in
// mutual.milestone-fields.ts, so that the API, its documentation and the tests share one truth.
import { z } from 'zod';
import { across, object, oneOf, optional, setOf, text, withoutUndefined } from '../shared/body-fields.js';
import { NotFound, ValidationFailed } from '../shared/domain-error.js';
import { problem, readBody } from '../shared/read-body.js';
import { type Source, SourceInput, withSource } from '../shared/source.js';
import type {
  MilestoneCorrection,
  MilestoneEvent,
  MilestoneEventType,
  MilestoneRetracted,
  MutualEnrolledInStudy,
  MutualRegistered,
  RegistrationCorrected,
} from './mutual.events.js';
import { milestoneFacts, milestoneValueFields, occurredOn } from './mutual.milestone-fields.js';
import { CORRECTION_EXAMPLES, MILESTONE_EXAMPLES } from './mutual.milestone-examples.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from './mutual.vocabulary.js';

export interface RegisterMutual {
  type: 'RegisterMutual';
  data: Omit<MutualRegistered['data'], 'registeredAt'>;
  /** ISO instant supplied by the caller's clock. */
  now: string;
}

export interface CorrectRegistration {
  type: 'CorrectRegistration';
  data: RegistrationCorrected['data'];
  /** Evidence for the correction; the application layer writes it to the event's metadata. */
  source?: Source;
  now: string;
}

export interface RecordMilestone {
  type: 'RecordMilestone';
  milestone: MilestoneEvent;
  /** Evidence for the milestone; the application layer writes it to the event's metadata. */
  source?: Source;
  now: string;
}

export interface CorrectMilestone {
  type: 'CorrectMilestone';
  data: MilestoneCorrection;
  /** Evidence for the correction; the application layer writes it to the event's metadata. */
  source?: Source;
  now: string;
}

export interface RetractMilestone {
  type: 'RetractMilestone';
  data: MilestoneRetracted['data'];
  /** Evidence for the retraction; the application layer writes it to the event's metadata. */
  source?: Source;
  now: string;
}

/** Makes the mutual a case of a study; the case's own stream records the enrolment's details. */
export interface EnrolMutualInStudy {
  type: 'EnrolMutualInStudy';
  data: Omit<MutualEnrolledInStudy['data'], 'enrolledAt'>;
  /**
   * Who asks, as far as the rule needs: an administrator may enrol any mutual; anyone else
   * only one whose every study so far is one of `memberOf`, so that enrolling never opens
   * another study's case to people outside that study.
   */
  requestedBy: { admin: boolean; memberOf: readonly string[] };
  now: string;
}

export type MutualCommand =
  RegisterMutual | CorrectRegistration | RecordMilestone | CorrectMilestone | RetractMilestone | EnrolMutualInStudy;

/** Milestone kinds as the API names them (the `type` of a request body). */
export const MILESTONE_TYPES = [
  'spun-out',
  'contract-awarded',
  'contract-renewed',
  'contract-extended',
  'contract-lost',
  'contract-ended',
  'governance-changed',
  'funding-secured',
  'staffing-reported',
  'turnover-reported',
  'service-launched',
  'service-closed',
  'merged',
  'acquired',
  'dissolved',
  'award-received',
  'observation',
] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

/** The event type each API kind is stored as; one event type per kind and back. */
export const MILESTONE_EVENT_TYPES = {
  'spun-out': 'MutualSpunOut',
  'contract-awarded': 'ContractAwarded',
  'contract-renewed': 'ContractRenewed',
  'contract-extended': 'ContractExtended',
  'contract-lost': 'ContractLost',
  'contract-ended': 'ContractEnded',
  'governance-changed': 'GovernanceChanged',
  'funding-secured': 'FundingSecured',
  'staffing-reported': 'StaffingReported',
  'turnover-reported': 'TurnoverReported',
  'service-launched': 'ServiceLaunched',
  'service-closed': 'ServiceClosed',
  merged: 'MutualMerged',
  acquired: 'MutualAcquired',
  dissolved: 'MutualDissolved',
  'award-received': 'AwardReceived',
  observation: 'ObservationRecorded',
} as const satisfies Readonly<Record<MilestoneType, MilestoneEventType>>;

// Stops compiling when a milestone event type is added without an API kind to record it by.
type EveryMilestoneEventHasAKind<T extends true> = T;
export type MilestoneKindsAreComplete = EveryMilestoneEventHasAKind<
  [MilestoneEventType] extends [(typeof MILESTONE_EVENT_TYPES)[MilestoneType]] ? true : false
>;

const KIND_BY_EVENT_TYPE = new Map<string, MilestoneType>(MILESTONE_TYPES.map((kind) => [MILESTONE_EVENT_TYPES[kind], kind]));

/** The API kind of a milestone event type (`ContractLost` -> `contract-lost`); undefined for any other event type. */
export function milestoneKindOf(eventType: string): MilestoneType | undefined {
  return KIND_BY_EVENT_TYPE.get(eventType);
}

export function isMilestoneEvent<E extends { type: string }>(event: E): event is Extract<E, MilestoneEvent> {
  return KIND_BY_EVENT_TYPE.has(event.type);
}

const NAME = 200;
const REASON = 2000;
const REGISTRATION_FIELDS = ['name', 'serviceAreas', 'region', 'legalForm', 'parentBody'] as const;
const parentBody = text(NAME, { description: 'The public body the services came from' });

export const RegisterMutualBody = object({
  name: text(NAME),
  serviceAreas: setOf(SERVICE_AREAS),
  region: optional(oneOf(REGIONS)),
  legalForm: optional(oneOf(LEGAL_FORMS)),
  parentBody: optional(parentBody),
}).meta({
  id: 'RegisterMutualBody',
  description: 'A mutual to follow: its name, the service areas it works in and, when known, its region, legal form and parent body',
  examples: {
    riverside: {
      summary: 'A community health mutual spun out of a primary care trust',
      value: {
        name: 'Riverside Community Health CIC',
        serviceAreas: ['health-and-social-care'],
        region: 'north-west',
        legalForm: 'community-interest-company',
        parentBody: 'Riverside Primary Care Trust',
      },
    },
  },
});

export function registerMutualFromInput(input: unknown, mutualId: string, now: string): RegisterMutual {
  return { type: 'RegisterMutual', data: withoutUndefined({ mutualId, ...readBody(RegisterMutualBody, input, now) }), now };
}

const CLEARED = '`null` clears it.';

/**
 * A correction of a registration, sent as a merge patch: the details to change (`null` clears
 * region, legal form or parent body), a required `reason` and an optional `source`. The
 * registration has no `reason` of its own, so the flat body is unambiguous.
 */
export const CorrectRegistrationBody = object({
  name: text(NAME, { absent: problem('not-blank', 'must not be blank: a mutual always has a name') }).optional(),
  serviceAreas: setOf(SERVICE_AREAS, {
    description: 'The full new set',
    absent: problem('min-items', 'must name at least one value'),
  }).optional(),
  region: oneOf(REGIONS, { description: CLEARED }).nullable().optional(),
  legalForm: oneOf(LEGAL_FORMS, { description: CLEARED }).nullable().optional(),
  parentBody: text(NAME, { description: `The public body the services came from. ${CLEARED}` })
    .nullable()
    .optional(),
  reason: text(REASON, { description: 'Why the registration is corrected' }),
  source: optional(SourceInput),
})
  .check(
    across((changes, _valid, report) => {
      if (!REGISTRATION_FIELDS.some((field) => changes[field] !== undefined)) {
        report('', 'at-least-one', `must give at least one of: ${REGISTRATION_FIELDS.join(', ')}`);
      }
    }),
  )
  .meta({
    id: 'CorrectRegistrationBody',
    description: 'A merge patch of the registration: at least one of its details (only those given change), and why',
    examples: {
      rename: {
        summary: 'The name as registered at Companies House',
        value: {
          name: 'Riverside Community Health CIC Ltd',
          reason: 'Name as on the Companies House register',
          source: { kind: 'url', url: 'https://find-and-update.company-information.service.gov.uk/' },
        },
      },
      reclassify: {
        summary: 'Another service area and region, and no parent body after all',
        value: {
          serviceAreas: ['health-and-social-care', 'housing'],
          region: 'north-east',
          parentBody: null,
          reason: 'The business case names no parent body',
        },
      },
    },
  });

export function correctRegistrationFromInput(input: unknown, mutualId: string, now: string): CorrectRegistration {
  const { reason, source, ...changes } = readBody(CorrectRegistrationBody, input, now);
  return { type: 'CorrectRegistration', data: { mutualId, changes: withoutUndefined(changes), reason }, ...withSource(source), now };
}

interface MilestoneIds {
  mutualId: string;
  milestoneId: string;
}
const source = optional(SourceInput);

const recording = (kind: MilestoneType) =>
  milestoneFacts(MILESTONE_EVENT_TYPES[kind], { type: z.literal(kind), occurredOn }, { source }).meta({ title: kind });

/** A milestone's fields depend on its kind: one object per kind, told apart by `type`. */
export const RecordMilestoneBody = z
  .discriminatedUnion('type', MILESTONE_TYPES.map(recording) as [ReturnType<typeof recording>, ...ReturnType<typeof recording>[]], {
    error: (issue) =>
      (issue.input as { type?: unknown } | undefined)?.type == null
        ? problem('required', 'is required')
        : problem('one-of', `must be one of: ${MILESTONE_TYPES.join(', ')}`),
  })
  .meta({
    id: 'RecordMilestoneBody',
    description: "A milestone of the mutual's history: its kind (`type`), when it happened, the facts of that kind, notes and the source",
    examples: MILESTONE_EXAMPLES,
  });

type RecordingBody = { type: MilestoneType; occurredOn: string; source?: Source } & Record<string, unknown>;

export function recordMilestoneFromInput(input: unknown, ids: MilestoneIds, now: string): RecordMilestone {
  const { type, occurredOn, source, ...values } = readBody(RecordMilestoneBody, input, now) as unknown as RecordingBody;
  const milestone = { type: MILESTONE_EVENT_TYPES[type], data: { ...ids, occurredOn, ...withoutUndefined(values) } } as MilestoneEvent;
  return { type: 'RecordMilestone', milestone, ...withSource(source), now };
}

/**
 * The body keeps the milestone apart from the correction, for every kind alike:
 * `{ occurredOn, values: { ...the milestone's own fields and notes }, reason, source? }` (and
 * optionally `type`, which must stay the kind). `reason` is always why it was corrected, even
 * for kinds with a `reason` of their own (contract-lost, contract-ended, dissolved), which sits
 * in `values`. It is the shape of the `MilestoneCorrected` event and of a version in the
 * milestone's history, so a client can edit a version it read and send it back.
 */
const correcting = (kind: MilestoneType) =>
  object({
    type: optional(
      z.literal(kind, {
        error: problem('same-type', `must stay "${kind}"; retract this milestone and record a new one to change its kind`),
      }),
    ),
    occurredOn,
    values: milestoneFacts(MILESTONE_EVENT_TYPES[kind]).meta({
      description:
        "The milestone's own fields in full, as when recording it, `notes` included; a field left out is no longer part of the milestone",
    }),
    reason: text(REASON, { description: "Why the milestone is corrected; a milestone's own `reason` goes in `values`" }),
    source,
  }).meta({ title: kind });

/** The correction of a milestone of each kind; the kind is the milestone's, read from the record. */
export const CorrectMilestoneBodies = Object.fromEntries(MILESTONE_TYPES.map((kind) => [kind, correcting(kind)])) as Record<
  MilestoneType,
  ReturnType<typeof correcting>
>;

/** What the API publishes for a correction: one of the bodies above, the one of the milestone's kind. */
export const CorrectMilestoneBody = z.union(MILESTONE_TYPES.map((kind) => CorrectMilestoneBodies[kind])).meta({
  id: 'CorrectMilestoneBody',
  description: "A milestone's date and full new values, and why it is corrected; the fields of `values` are those of the milestone's kind",
  examples: CORRECTION_EXAMPLES,
});

/**
 * Reads a full new set of values for an existing milestone of kind `currentKind`, which the
 * caller looks up in the folded state (see `milestoneKindIn`): the kind decides which fields
 * are valid, and a correction never changes it. Undefined means there is no such milestone.
 */
export function correctMilestoneFromInput(
  input: unknown,
  ids: MilestoneIds,
  now: string,
  currentKind: MilestoneType | undefined,
): CorrectMilestone {
  if (currentKind === undefined) throw new NotFound('milestone', ids.milestoneId);
  const milestoneType = MILESTONE_EVENT_TYPES[currentKind];
  const ownFields = milestoneValueFields(milestoneType);
  let body: z.output<ReturnType<typeof correcting>>;
  try {
    body = readBody(CorrectMilestoneBodies[currentKind], input, now);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    // A milestone's own field sent beside `values` is named as such, not as an unknown one.
    throw new ValidationFailed(
      error.errors.map((e) =>
        e.rule === 'unknown-field' && ownFields.includes(e.field)
          ? { field: e.field, rule: 'in-values', message: `${e.field} is a field of the milestone: send it inside values` }
          : e,
      ),
    );
  }
  const data = {
    ...ids,
    milestoneType,
    occurredOn: body.occurredOn,
    values: withoutUndefined(body.values),
    reason: body.reason,
  } as MilestoneCorrection;
  return { type: 'CorrectMilestone', data, ...withSource(body.source), now };
}

export const RetractMilestoneBody = object({
  reason: text(REASON, { description: 'Why the milestone should not have been recorded' }),
  source,
}).meta({
  id: 'RetractMilestoneBody',
  description: 'Why a milestone is retracted; it stays in the history but no longer counts',
  examples: { retract: { summary: 'Recorded against the wrong mutual', value: { reason: 'Recorded against the wrong mutual' } } },
});

export function retractMilestoneFromInput(input: unknown, ids: MilestoneIds, now: string): RetractMilestone {
  const { reason, source } = readBody(RetractMilestoneBody, input, now);
  return { type: 'RetractMilestone', data: { ...ids, reason }, ...withSource(source), now };
}
