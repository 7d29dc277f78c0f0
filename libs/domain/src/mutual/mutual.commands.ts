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
  MutualRegistered,
} from './mutual.events.js';
import { correctionReasonField, readMilestone, withoutUndefined } from './mutual.milestone-fields.js';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from './mutual.vocabulary.js';

export interface RegisterMutual {
  type: 'RegisterMutual';
  data: Omit<MutualRegistered['data'], 'registeredAt'>;
  /** ISO instant supplied by the caller's clock. */
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

export type MutualCommand = RegisterMutual | RecordMilestone | CorrectMilestone | RetractMilestone;

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

/**
 * Reads a full new set of values for an existing milestone of kind `currentKind`, which the
 * caller looks up in the folded state (see `milestoneKindIn`): the kind decides which fields
 * are valid, and a correction never changes it. Undefined means there is no such milestone.
 * The body is the kind's fields plus `reason` (`correctionReason` for the kinds that have a
 * `reason` of their own: contract-lost, contract-ended, dissolved) and an optional `source`.
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
  const reasonField = correctionReasonField(milestoneType);
  const { occurredOn, values } = readMilestone(milestoneType, body, now.slice(0, 10), [reasonField]);
  const reason = body.requiredText(reasonField, { maxLength: 2000 });
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

