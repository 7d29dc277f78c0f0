// Commands a researcher can give about a mutual, and how each is read from untrusted input.
// Every field rule lives here so that the API, the demo loader and tests share one truth.
import { assertNever } from '../shared/assert-never.js';
import { InputReader } from '../shared/input-reader.js';
import { type PartialDate, isWhollyAfter, latestDay, earliestDay } from '../shared/partial-date.js';
import type { ContractTerms, InterviewWaveScheduled, MilestoneEvent, MutualRegistered } from './mutual.events.js';
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
  now: string;
}

export interface ScheduleInterviewWave {
  type: 'ScheduleInterviewWave';
  data: InterviewWaveScheduled['data'];
  now: string;
}

export type MutualCommand = RegisterMutual | RecordMilestone | ScheduleInterviewWave;

export const MILESTONE_TYPES = ['spun-out', 'contract-awarded', 'contract-renewed'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

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
  return { type: 'RegisterMutual', data: dropUndefined(data), now };
}

export function recordMilestoneFromInput(
  input: unknown,
  ids: { mutualId: string; milestoneId: string },
  now: string,
): RecordMilestone {
  const body = new InputReader(input);
  const type = body.requiredOneOf('type', MILESTONE_TYPES);
  if (body.errors.length > 0) body.throwIfInvalid();
  const today = now.slice(0, 10);
  const occurredOn = body.requiredPartialDate('occurredOn');
  if (occurredOn && isWhollyAfter(occurredOn, today)) {
    body.fail('occurredOn', 'not-in-future', `must not be after today (${today})`);
  }
  let milestone: MilestoneEvent;
  switch (type) {
    case 'spun-out':
      body.rejectUnknown(['type', 'occurredOn', 'parentBody', 'staffTransferred', 'notes']);
      milestone = {
        type: 'MutualSpunOut',
        data: {
          ...ids,
          occurredOn: occurredOn?.value ?? '',
          parentBody: body.requiredText('parentBody', { maxLength: 200 }),
          staffTransferred: body.optionalCount('staffTransferred'),
          notes: body.optionalText('notes', { maxLength: 4000 }),
        },
      };
      break;
    case 'contract-awarded':
    case 'contract-renewed': {
      body.rejectUnknown([
        'type',
        'occurredOn',
        'commissioner',
        'contractName',
        'startsOn',
        'endsOn',
        'annualValueGbp',
        'notes',
      ]);
      const terms = contractTerms(body, ids, occurredOn);
      milestone =
        type === 'contract-awarded' ? { type: 'ContractAwarded', data: terms } : { type: 'ContractRenewed', data: terms };
      break;
    }
    default:
      return assertNever(type);
  }
  body.throwIfInvalid();
  return { type: 'RecordMilestone', milestone: { ...milestone, data: dropUndefined(milestone.data) } as MilestoneEvent, now };
}

function contractTerms(
  body: InputReader,
  ids: { mutualId: string; milestoneId: string },
  occurredOn: PartialDate | undefined,
): ContractTerms {
  const startsOn = body.requiredPartialDate('startsOn');
  const endsOn = body.requiredPartialDate('endsOn');
  if (startsOn && endsOn && latestDay(endsOn) < earliestDay(startsOn)) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn.value})`);
  }
  return {
    ...ids,
    occurredOn: occurredOn?.value ?? '',
    commissioner: body.requiredText('commissioner', { maxLength: 200 }),
    contractName: body.optionalText('contractName', { maxLength: 200 }),
    startsOn: startsOn?.value ?? '',
    endsOn: endsOn?.value ?? '',
    annualValueGbp: body.optionalMoney('annualValueGbp'),
    notes: body.optionalText('notes', { maxLength: 4000 }),
  };
}

export function scheduleInterviewWaveFromInput(
  input: unknown,
  ids: { mutualId: string; waveId: string },
  now: string,
): ScheduleInterviewWave {
  const body = new InputReader(input);
  body.rejectUnknown(['waveNumber', 'opensOn', 'closesOn', 'contact', 'remindAt']);
  const waveNumber = body.requiredPositiveInteger('waveNumber');
  const opensOn = body.requiredDay('opensOn');
  const closesOn = body.requiredDay('closesOn');
  if (opensOn && closesOn && closesOn < opensOn) {
    body.fail('closesOn', 'not-before-opening', `must not be before opensOn (${opensOn})`);
  }
  const contactInput = body.nested('contact', true);
  let contact = { name: '', email: '' };
  if (contactInput) {
    contactInput.rejectUnknown(['name', 'email']);
    contact = { name: contactInput.requiredText('name', { maxLength: 200 }), email: contactInput.requiredEmail('email') };
    body.adopt(contactInput);
  }
  // By default the contact hears a week before the window opens, at 09:00 UTC.
  const remindAt = body.has('remindAt') ? body.optionalInstant('remindAt') : opensOn ? defaultReminder(opensOn) : '';
  if (remindAt && closesOn && remindAt.slice(0, 10) > closesOn) {
    body.fail('remindAt', 'before-window-closes', `must not be after the window closes (${closesOn})`);
  }
  body.throwIfInvalid();
  return {
    type: 'ScheduleInterviewWave',
    data: { ...ids, waveNumber, opensOn, closesOn, contact, remindAt: remindAt ?? '' },
    now,
  };
}

function defaultReminder(opensOn: string): string {
  const at = new Date(`${opensOn}T09:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 7);
  return at.toISOString();
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
