// Commands a researcher can give about a mutual, and how each is read from untrusted input.
// Every field rule lives here or, per milestone kind, in mutual.milestone-fields.ts, so that
// the API, the demo loader and tests share one truth.
import { NotFound } from '../shared/domain-error.js';
import { InputReader } from '../shared/input-reader.js';
import { type Source, sourceFromInput } from '../shared/source.js';
import type {
  MilestoneCorrection,
  MilestoneEvent,
  MilestoneEventType,
  MilestoneRetracted,
  MutualEnrolledInStudy,
  MutualRegistered,
  RegistrationChanges,
  RegistrationCorrected,
} from './mutual.events.js';
import { milestoneValueFields, readMilestone, readMilestoneValues, readOccurredOn, withoutUndefined } from './mutual.milestone-fields.js';
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

export type MutualCommand = RegisterMutual | CorrectRegistration | RecordMilestone | CorrectMilestone | RetractMilestone | EnrolMutualInStudy;

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
} as const satisfies { readonly [K in MilestoneType]: MilestoneEventType };

// Stops compiling when a milestone event type is added without an API kind to record it by.
type EveryMilestoneEventHasAKind<T extends true> = T;
type MilestoneKindsAreComplete = EveryMilestoneEventHasAKind<
  [MilestoneEventType] extends [(typeof MILESTONE_EVENT_TYPES)[MilestoneType]] ? true : false
>;

const KIND_BY_EVENT_TYPE = new Map<string, MilestoneType>(
  MILESTONE_TYPES.map((kind) => [MILESTONE_EVENT_TYPES[kind], kind]),
);

/** The API kind of a milestone event type (`ContractLost` -> `contract-lost`); undefined for any other event type. */
export function milestoneKindOf(eventType: string): MilestoneType | undefined {
  return KIND_BY_EVENT_TYPE.get(eventType);
}

export function isMilestoneEvent<E extends { type: string }>(event: E): event is Extract<E, MilestoneEvent> {
  return KIND_BY_EVENT_TYPE.has(event.type);
}

export function registerMutualFromInput(input: unknown, mutualId: string, now: string): RegisterMutual {
  const body = new InputReader(input);
  body.rejectUnknown(['name', 'serviceAreas', 'region', 'legalForm', 'parentBody']);
  const data: RegisterMutual['data'] = {
    mutualId,
    name: body.requiredText('name', { maxLength: 200 }),
    serviceAreas: body.requiredSetOf('serviceAreas', SERVICE_AREAS),
    region: body.optionalOneOf('region', REGIONS),
    legalForm: body.optionalOneOf('legalForm', LEGAL_FORMS),
    parentBody: body.optionalText('parentBody', { maxLength: 200 }),
  };
  body.throwIfInvalid();
  return { type: 'RegisterMutual', data: withoutUndefined(data), now };
}

const REGISTRATION_FIELDS = ['name', 'serviceAreas', 'region', 'legalForm', 'parentBody'] as const;
const CLEARABLE_FIELDS = ['region', 'legalForm', 'parentBody'] as const;

/**
 * A correction of a registration, sent as a merge patch: the details to change (`null` clears
 * region, legal form or parent body), a required `reason` and an optional `source`. The
 * registration has no `reason` of its own, so the flat body is unambiguous.
 */
export function correctRegistrationFromInput(input: unknown, mutualId: string, now: string): CorrectRegistration {
  const body = new InputReader(input);
  body.rejectUnknown([...REGISTRATION_FIELDS, 'reason', 'source']);
  const cleared = (field: (typeof CLEARABLE_FIELDS)[number]) => body.raw(field) === null;
  const changes: RegistrationChanges = {
    name: body.optionalText('name', { maxLength: 200 }),
    serviceAreas: body.has('serviceAreas') ? body.requiredSetOf('serviceAreas', SERVICE_AREAS) : undefined,
    region: cleared('region') ? null : body.optionalOneOf('region', REGIONS),
    legalForm: cleared('legalForm') ? null : body.optionalOneOf('legalForm', LEGAL_FORMS),
    parentBody: cleared('parentBody') ? null : body.optionalText('parentBody', { maxLength: 200 }),
  };
  if (body.raw('name') === null) body.fail('name', 'not-blank', 'must not be blank: a mutual always has a name');
  if (body.raw('serviceAreas') === null) body.fail('serviceAreas', 'min-items', 'must name at least one value');
  if (!REGISTRATION_FIELDS.some((field) => body.has(field) || body.raw(field) === null)) {
    body.fail('', 'at-least-one', `must give at least one of: ${REGISTRATION_FIELDS.join(', ')}`);
  }
  const reason = body.requiredText('reason', { maxLength: 2000 });
  const source = sourceFromInput(body);
  body.throwIfInvalid();
  return { type: 'CorrectRegistration', data: { mutualId, changes: withoutUndefined(changes), reason }, ...withSource(source), now };
}

type MilestoneIds = { mutualId: string; milestoneId: string };

export function recordMilestoneFromInput(input: unknown, ids: MilestoneIds, now: string): RecordMilestone {
  const body = new InputReader(input);
  const kind = body.requiredOneOf('type', MILESTONE_TYPES);
  // Which fields are allowed depends on the kind, so nothing else can be judged without it.
  if (body.errors.length > 0) body.throwIfInvalid();
  const { occurredOn, values } = readMilestone(MILESTONE_EVENT_TYPES[kind], body, now.slice(0, 10));
  const source = sourceFromInput(body);
  body.throwIfInvalid();
  const milestone = { type: MILESTONE_EVENT_TYPES[kind], data: { ...ids, occurredOn, ...values } } as MilestoneEvent;
  return { type: 'RecordMilestone', milestone, ...withSource(source), now };
}

const CORRECTION_FIELDS: readonly string[] = ['type', 'occurredOn', 'values', 'reason', 'source'];

/**
 * Reads a full new set of values for an existing milestone of kind `currentKind`, which the
 * caller looks up in the folded state (see `milestoneKindIn`): the kind decides which fields
 * are valid, and a correction never changes it. Undefined means there is no such milestone.
 *
 * The body keeps the milestone apart from the correction, for every kind alike:
 * `{ occurredOn, values: { ...the milestone's own fields and notes }, reason, source? }` (and
 * optionally `type`, which must stay the kind). `reason` is always why it was corrected, even
 * for kinds with a `reason` of their own (contract-lost, contract-ended, dissolved), which sits
 * in `values`. It is the shape of the `MilestoneCorrected` event and of a version in the
 * milestone's history, so a client can edit a version it read and send it back.
 */
export function correctMilestoneFromInput(
  input: unknown,
  ids: MilestoneIds,
  now: string,
  currentKind: MilestoneType | undefined,
): CorrectMilestone {
  if (currentKind === undefined) throw new NotFound('milestone', ids.milestoneId);
  const body = new InputReader(input);
  if (body.has('type') && body.raw('type') !== currentKind) {
    body.fail(
      'type',
      'same-type',
      `must stay "${currentKind}"; retract this milestone and record a new one to change its kind`,
    );
  }
  const milestoneType = MILESTONE_EVENT_TYPES[currentKind];
  const today = now.slice(0, 10);
  const ownFields = milestoneValueFields(milestoneType);
  for (const field of Object.keys(typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {})) {
    if (CORRECTION_FIELDS.includes(field)) continue;
    if (ownFields.includes(field)) body.fail(field, 'in-values', `is a field of the milestone: send it inside values`);
    else body.fail(field, 'unknown-field', 'is not a field of this request');
  }
  const occurredOn = readOccurredOn(body, today);
  const valuesBody = body.nested('values', true);
  let values = {} as MilestoneCorrection['values'];
  if (valuesBody && valuesBody.errors.length === 0) {
    valuesBody.rejectUnknown(ownFields);
    values = readMilestoneValues(milestoneType, valuesBody, today);
  }
  body.adopt(valuesBody);
  const reason = body.requiredText('reason', { maxLength: 2000 });
  const source = sourceFromInput(body);
  body.throwIfInvalid();
  const data = { ...ids, milestoneType, occurredOn, values, reason } as MilestoneCorrection;
  return { type: 'CorrectMilestone', data, ...withSource(source), now };
}

export function retractMilestoneFromInput(input: unknown, ids: MilestoneIds, now: string): RetractMilestone {
  const body = new InputReader(input);
  body.rejectUnknown(['reason', 'source']);
  const reason = body.requiredText('reason', { maxLength: 2000 });
  const source = sourceFromInput(body);
  body.throwIfInvalid();
  return { type: 'RetractMilestone', data: { ...ids, reason }, ...withSource(source), now };
}

const withSource = (source: Source | undefined): { source?: Source } => (source ? { source } : {});

