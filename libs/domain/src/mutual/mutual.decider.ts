import { assertNever } from '../shared/assert-never.js';
import { type Decider } from '../shared/decider.js';
import { NotFound, NotPermitted, RuleViolated } from '../shared/domain-error.js';
import {
  type CorrectMilestone,
  type CorrectRegistration,
  type EnrolMutualInStudy,
  type MilestoneType,
  type MutualCommand,
  isMilestoneEvent,
  milestoneKindOf,
} from './mutual.commands.js';
import { type DatedMilestone, describeEnd, milestonesAfterTheEnd } from './mutual.end.js';
import type {
  MilestoneEvent,
  MilestoneEventType,
  MilestoneValues,
  MutualEvent,
  MutualRegistered,
  RegistrationChanges,
  RegistrationCorrected,
} from './mutual.events.js';

/** A mutual's registration details as last corrected. */
export type RegistrationDetails = Omit<MutualRegistered['data'], 'mutualId' | 'registeredAt'>;

/** What the decider keeps of one milestone: enough to judge later corrections and retractions. */
export interface MilestoneRecord {
  type: MilestoneEventType;
  occurredOn: string;
  /** As first recorded, or as last corrected. */
  values: MilestoneValues;
  retracted: boolean;
}

export type MutualState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      mutualId: string;
      registration: RegistrationDetails;
      /** Every milestone ever recorded, retracted ones included, so that no id is reused. */
      milestones: ReadonlyMap<string, MilestoneRecord>;
      /** The studies the mutual is a case of, with the case's id. */
      studies: ReadonlyMap<string, string>;
    };

type RegisteredMutual = Extract<MutualState, { status: 'registered' }>;

/**
 * The API kind of milestone `milestoneId`, or undefined when this mutual has no such milestone.
 * A correction is validated by the kind it corrects, so the API looks it up here before
 * reading the request with `correctMilestoneFromInput`.
 */
export function milestoneKindIn(state: MutualState, milestoneId: string): MilestoneType | undefined {
  if (state.status !== 'registered') return undefined;
  const record = state.milestones.get(milestoneId);
  return record && milestoneKindOf(record.type);
}

export const mutualDecider: Decider<MutualCommand, MutualEvent, MutualState> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    if (command.type === 'RegisterMutual') {
      if (state.status === 'registered') {
        throw new RuleViolated('already-registered', `Mutual ${state.mutualId} is already registered`);
      }
      return [{ type: 'MutualRegistered', data: { ...command.data, registeredAt: command.now } }];
    }
    if (state.status !== 'registered') {
      const id = command.type === 'RecordMilestone' ? command.milestone.data.mutualId : command.data.mutualId;
      throw new NotFound('mutual', id);
    }
    switch (command.type) {
      case 'CorrectRegistration':
        return [correctRegistration(command.data, state)];
      case 'EnrolMutualInStudy':
        return enrolInStudy(command, state);
      case 'RecordMilestone':
        return [recordMilestone(command.milestone, state)];
      case 'CorrectMilestone':
        return [{ type: 'MilestoneCorrected', data: correctMilestone(command.data, state) }];
      case 'RetractMilestone':
        liveMilestone(state, command.data.milestoneId);
        return [{ type: 'MilestoneRetracted', data: command.data }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (isMilestoneEvent(event)) {
      if (state.status !== 'registered') return state;
      const { milestoneId, occurredOn } = event.data;
      return withMilestone(state, milestoneId, { type: event.type, occurredOn, values: valuesOf(event), retracted: false });
    }
    switch (event.type) {
      case 'MutualRegistered': {
        const { mutualId, registeredAt: _, ...registration } = event.data;
        return { status: 'registered', mutualId, registration, milestones: new Map(), studies: new Map() };
      }
      case 'MutualEnrolledInStudy':
        if (state.status !== 'registered') return state;
        return { ...state, studies: new Map(state.studies).set(event.data.studyId, event.data.caseId) };
      case 'RegistrationCorrected':
        if (state.status !== 'registered') return state;
        return { ...state, registration: withChanges(state.registration, event.data.changes) };
      case 'MilestoneCorrected': {
        const record = state.status === 'registered' ? state.milestones.get(event.data.milestoneId) : undefined;
        if (state.status !== 'registered' || !record) return state;
        const { occurredOn, values } = event.data;
        return withMilestone(state, event.data.milestoneId, { ...record, occurredOn, values });
      }
      case 'MilestoneRetracted': {
        const record = state.status === 'registered' ? state.milestones.get(event.data.milestoneId) : undefined;
        if (state.status !== 'registered' || !record) return state;
        return withMilestone(state, event.data.milestoneId, { ...record, retracted: true });
      }
      default:
        return assertNever(event);
    }
  },
};

/** Enrolling twice in one study asks for nothing new, so a retried enrolment records nothing. */
function enrolInStudy({ data, requestedBy, now }: EnrolMutualInStudy, state: RegisteredMutual): MutualEvent[] {
  if (state.studies.has(data.studyId)) return [];
  const elsewhere = [...state.studies.keys()].filter((studyId) => !requestedBy.memberOf.includes(studyId));
  if (!requestedBy.admin && elsewhere.length > 0) {
    throw new NotPermitted(
      'case-of-another-study',
      `This mutual is a case of a study you are not a member of (${elsewhere.join(', ')}); an administrator can enrol it in another study`,
    );
  }
  return [{ type: 'MutualEnrolledInStudy', data: { ...data, enrolledAt: now } }];
}

function recordMilestone(milestone: MilestoneEvent, state: RegisteredMutual): MilestoneEvent {
  const { milestoneId } = milestone.data;
  // Retracted milestones keep their id too: a reused id would make the stream ambiguous.
  if (state.milestones.has(milestoneId)) {
    throw new RuleViolated('milestone-exists', `Milestone ${milestoneId} is already recorded`);
  }
  const { occurredOn } = milestone.data;
  judgeAgainstTheEnd(
    withMilestone(state, milestoneId, { type: milestone.type, occurredOn, values: valuesOf(milestone), retracted: false }),
    milestoneId,
  );
  const spinOut = milestone.type === 'MutualSpunOut' ? standingMilestone(state, 'MutualSpunOut') : undefined;
  if (spinOut) {
    throw new RuleViolated(
      'already-spun-out',
      `The spin-out of this mutual is already recorded (${spinOut.occurredOn}); correct that record instead`,
    );
  }
  return milestone;
}

function correctMilestone(correction: CorrectMilestone['data'], state: RegisteredMutual): CorrectMilestone['data'] {
  const record = liveMilestone(state, correction.milestoneId);
  if (record.type !== correction.milestoneType) {
    throw new RuleViolated(
      'same-type',
      `Milestone ${correction.milestoneId} is ${milestoneKindOf(record.type)}; a correction cannot make it ${milestoneKindOf(correction.milestoneType)}`,
    );
  }
  // A correction that changes nothing would add noise to the research record and nothing else.
  if (record.occurredOn === correction.occurredOn && sameJson(record.values, correction.values)) {
    throw new RuleViolated('unchanged', `The correction gives milestone ${correction.milestoneId} the values it already has`);
  }
  judgeAgainstTheEnd(
    withMilestone(state, correction.milestoneId, { ...record, occurredOn: correction.occurredOn, values: correction.values }),
    correction.milestoneId,
  );
  return correction;
}

/**
 * The rule of mutual.end.ts, judged on the milestones as they would stand after a change to
 * milestone `changedId`: the one recorded or corrected, or an end that would come too soon.
 */
function judgeAgainstTheEnd(after: RegisteredMutual, changedId: string): void {
  const current: DatedMilestone[] = [];
  for (const [milestoneId, record] of after.milestones) {
    if (!record.retracted) current.push({ milestoneId, type: record.type, occurredOn: record.occurredOn });
  }
  const breach = milestonesAfterTheEnd(current);
  if (!breach) return;
  const { end, after: late } = breach;
  const changed = late.find((milestone) => milestone.milestoneId === changedId);
  if (changed) {
    throw new RuleViolated(
      'after-end',
      `This mutual ended with its ${describeEnd(end)}; a ${milestoneKindOf(changed.type)} milestone dated ${changed.occurredOn} would be after that end. After the end only observations (and further ends) are recorded; a milestone dated on or before it can still be recorded`,
    );
  }
  const listed = late
    .map((milestone) => `${milestoneKindOf(milestone.type)} (${milestone.occurredOn}, ${milestone.milestoneId})`)
    .join(', ');
  throw new RuleViolated(
    'after-end',
    `A ${describeEnd(end)} would end this mutual before milestones already recorded after it: ${listed}; correct or retract those first`,
  );
}

function correctRegistration(correction: CorrectRegistration['data'], state: RegisteredMutual): RegistrationCorrected {
  const current = state.registration as Record<string, unknown>;
  // Only what actually changes is recorded, so each version in the history says what it changed.
  const changes = Object.fromEntries(
    Object.entries(correction.changes).filter(([field, value]) => !sameDetail(current[field], value)),
  ) as RegistrationChanges;
  if (Object.keys(changes).length === 0) {
    throw new RuleViolated('unchanged', `The correction gives mutual ${state.mutualId} the registration details it already has`);
  }
  return { type: 'RegistrationCorrected', data: { ...correction, changes } };
}

/** Service areas are a set; a detail cleared with null equals one never given. */
function sameDetail(current: unknown, next: unknown): boolean {
  if (Array.isArray(current) && Array.isArray(next)) return sameJson([...(current as unknown[])].sort(), [...(next as unknown[])].sort());
  return sameJson(current ?? null, next ?? null);
}

function withChanges(registration: RegistrationDetails, changes: RegistrationChanges): RegistrationDetails {
  // A detail corrected to null is cleared: it leaves the registration.
  const next: Record<string, unknown> = Object.fromEntries(
    Object.entries({ ...registration, ...changes }).filter(([, value]) => value !== null && value !== undefined),
  );
  return next as RegistrationDetails;
}

/** A milestone that exists and still counts. */
function liveMilestone(state: RegisteredMutual, milestoneId: string): MilestoneRecord {
  const record = state.milestones.get(milestoneId);
  if (!record) throw new NotFound('milestone', milestoneId);
  if (record.retracted) throw new RuleViolated('retracted', `Milestone ${milestoneId} was retracted`);
  return record;
}

function standingMilestone(state: RegisteredMutual, type: MilestoneEventType): MilestoneRecord | undefined {
  for (const record of state.milestones.values()) {
    if (record.type === type && !record.retracted) return record;
  }
  return undefined;
}

function withMilestone(state: RegisteredMutual, milestoneId: string, record: MilestoneRecord): RegisteredMutual {
  return { ...state, milestones: new Map(state.milestones).set(milestoneId, record) };
}

function valuesOf(event: MilestoneEvent): MilestoneValues {
  const ownFacts = Object.entries(event.data).filter(([key]) => !['mutualId', 'milestoneId', 'occurredOn'].includes(key));
  return Object.fromEntries(ownFacts);
}

/** Equality of JSON values regardless of key order, which a store may not keep. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}
