// How each kind of milestone reads its own facts from a request body. Recording and correcting
// share these readers, so a corrected milestone meets exactly the rules the original had to.
import type { InputReader } from '../shared/input-reader.js';
import { type PartialDate, earliestDay, isWhollyAfter, latestDay } from '../shared/partial-date.js';
import type { BoardComposition, ContractTerms, MilestoneEventType, MilestoneValues } from './mutual.events.js';
import { FUNDING_TYPES, LEGAL_FORMS, OWNERSHIP_MODELS, SERVICE_AREAS } from './mutual.vocabulary.js';

const NAME = { maxLength: 200 };
const PROSE = { maxLength: 2000 };
const LONG_PROSE = { maxLength: 4000 };

/** Fields every milestone body may carry besides its own. */
const COMMON_FIELDS = ['type', 'occurredOn', 'notes', 'source'] as const;

type OwnValues<T extends MilestoneEventType> = Omit<MilestoneValues<T>, 'notes'>;

interface FieldSet<T extends MilestoneEventType> {
  fields: readonly string[];
  read(body: InputReader, today: string): OwnValues<T>;
}

const CONTRACT_TERM_FIELDS = ['commissioner', 'contractName', 'startsOn', 'endsOn', 'annualValueGbp'] as const;

function contractTerms(body: InputReader): Omit<ContractTerms, 'mutualId' | 'milestoneId' | 'occurredOn' | 'notes'> {
  const startsOn = body.requiredPartialDate('startsOn');
  const endsOn = body.requiredPartialDate('endsOn');
  // Compared at the widest reading of each date, so "starts 2014-06-01, ends 2014" is allowed.
  if (startsOn && endsOn && latestDay(endsOn) < earliestDay(startsOn)) {
    body.fail('endsOn', 'not-before-start', `must not be before startsOn (${startsOn.value})`);
  }
  return {
    commissioner: body.requiredText('commissioner', NAME),
    contractName: body.optionalText('contractName', NAME),
    startsOn: startsOn?.value ?? '',
    endsOn: endsOn?.value ?? '',
    annualValueGbp: body.optionalMoney('annualValueGbp'),
  };
}

const contractTermsFieldSet = { fields: CONTRACT_TERM_FIELDS, read: contractTerms };

const GOVERNANCE_FIELDS = ['legalForm', 'boardComposition', 'ownershipModel', 'employeeOwnedSharePercent', 'memberCount'] as const;
const BOARD_PARTS = ['staff', 'community', 'serviceUsers', 'independent', 'publicBody'] as const;

const SERVICE_FIELDS = ['serviceName', 'serviceArea', 'description'] as const;

function serviceChange(body: InputReader): OwnValues<'ServiceLaunched'> {
  return {
    serviceName: body.requiredText('serviceName', NAME),
    serviceArea: body.optionalOneOf('serviceArea', SERVICE_AREAS),
    description: body.optionalText('description', PROSE),
  };
}

const MILESTONE_FIELDS: { [T in MilestoneEventType]: FieldSet<T> } = {
  MutualSpunOut: {
    fields: ['parentBody', 'staffTransferred'],
    read: (body) => ({
      parentBody: body.requiredText('parentBody', NAME),
      staffTransferred: body.optionalCount('staffTransferred'),
    }),
  },
  ContractAwarded: contractTermsFieldSet,
  ContractRenewed: contractTermsFieldSet,
  ContractExtended: contractTermsFieldSet,
  ContractLost: {
    fields: ['commissioner', 'contractName', 'endsOn', 'reason', 'annualValueGbp'],
    read: (body) => ({
      commissioner: body.requiredText('commissioner', NAME),
      contractName: body.optionalText('contractName', NAME),
      endsOn: body.optionalPartialDate('endsOn')?.value,
      reason: body.optionalText('reason', PROSE),
      annualValueGbp: body.optionalMoney('annualValueGbp'),
    }),
  },
  ContractEnded: {
    fields: ['commissioner', 'contractName', 'endsOn', 'reason'],
    read: (body) => ({
      commissioner: body.requiredText('commissioner', NAME),
      contractName: body.optionalText('contractName', NAME),
      endsOn: body.optionalPartialDate('endsOn')?.value,
      reason: body.optionalText('reason', PROSE),
    }),
  },
  GovernanceChanged: {
    fields: GOVERNANCE_FIELDS,
    read: (body) => {
      const values = {
        legalForm: body.optionalOneOf('legalForm', LEGAL_FORMS),
        boardComposition: boardComposition(body),
        ownershipModel: body.optionalOneOf('ownershipModel', OWNERSHIP_MODELS),
        employeeOwnedSharePercent: optionalPercent(body, 'employeeOwnedSharePercent'),
        memberCount: body.optionalCount('memberCount'),
      };
      // A governance change that names nothing that changed tells the record nothing.
      if (!GOVERNANCE_FIELDS.some((field) => body.has(field))) {
        body.fail('', 'at-least-one', `must give at least one of: ${GOVERNANCE_FIELDS.join(', ')}`);
      }
      return values;
    },
  },
  FundingSecured: {
    fields: ['funder', 'amountGbp', 'fundingType', 'purpose'],
    read: (body) => ({
      funder: body.requiredText('funder', NAME),
      amountGbp: body.requiredMoney('amountGbp'),
      fundingType: body.requiredOneOf('fundingType', FUNDING_TYPES),
      purpose: body.optionalText('purpose', PROSE),
    }),
  },
  StaffingReported: {
    fields: ['headcount', 'fte', 'asAt'],
    read: (body, today) => {
      const headcount = requiredCount(body, 'headcount');
      const fte = optionalTwoDecimals(body, 'fte');
      if (headcount !== undefined && fte !== undefined && fte > headcount) {
        body.fail('fte', 'fte-not-above-headcount', `must not exceed headcount (${headcount})`);
      }
      const asAt = body.optionalPartialDate('asAt');
      if (asAt) rejectFuture(body, 'asAt', asAt, today);
      return { headcount: headcount ?? 0, fte, asAt: asAt?.value };
    },
  },
  TurnoverReported: {
    fields: ['financialYear', 'amountGbp'],
    read: (body) => ({
      financialYear: requiredFinancialYear(body, 'financialYear'),
      amountGbp: body.requiredMoney('amountGbp'),
    }),
  },
  ServiceLaunched: { fields: SERVICE_FIELDS, read: serviceChange },
  ServiceClosed: { fields: SERVICE_FIELDS, read: serviceChange },
  MutualMerged: {
    fields: ['withOrganisation', 'newName'],
    read: (body) => ({
      withOrganisation: body.requiredText('withOrganisation', NAME),
      newName: body.optionalText('newName', NAME),
    }),
  },
  MutualAcquired: {
    fields: ['by'],
    read: (body) => ({ by: body.requiredText('by', NAME) }),
  },
  MutualDissolved: {
    fields: ['reason'],
    read: (body) => ({ reason: body.optionalText('reason', PROSE) }),
  },
  AwardReceived: {
    fields: ['awardName', 'awardedBy'],
    read: (body) => ({
      awardName: body.requiredText('awardName', NAME),
      awardedBy: body.optionalText('awardedBy', NAME),
    }),
  },
  ObservationRecorded: {
    fields: ['text'],
    read: (body) => ({ text: body.requiredText('text', LONG_PROSE) }),
  },
};

/**
 * Reads the date and own facts of one milestone of event type `type` from a flat recording
 * body (`type`, `occurredOn`, the kind's fields, `notes`, `source`), adding every problem to
 * `body`.
 */
export function readMilestone<T extends MilestoneEventType>(
  type: T,
  body: InputReader,
  today: string,
): { occurredOn: string; values: MilestoneValues<T> } {
  const occurredOn = readOccurredOn(body, today);
  body.rejectUnknown([...COMMON_FIELDS, ...MILESTONE_FIELDS[type].fields]);
  return { occurredOn, values: readMilestoneValues(type, body, today) };
}

/** A milestone's date, required and not in the future. */
export function readOccurredOn(body: InputReader, today: string): string {
  const occurredOn = body.requiredPartialDate('occurredOn');
  if (occurredOn) rejectFuture(body, 'occurredOn', occurredOn, today);
  return occurredOn?.value ?? '';
}

/** A milestone's own facts (its kind's fields and `notes`); the caller judges which other fields `body` may hold. */
export function readMilestoneValues<T extends MilestoneEventType>(type: T, body: InputReader, today: string): MilestoneValues<T> {
  const fieldSet: FieldSet<T> = MILESTONE_FIELDS[type];
  const own = fieldSet.read(body, today);
  const notes = body.optionalText('notes', LONG_PROSE);
  return withoutUndefined({ ...own, notes }) as MilestoneValues<T>;
}

/** The names of a milestone's own facts: its kind's fields and `notes`. */
export function milestoneValueFields(type: MilestoneEventType): readonly string[] {
  return [...MILESTONE_FIELDS[type].fields, 'notes'];
}

/** Events are plain JSON, and JSON has no `undefined`: absent facts are left out. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function rejectFuture(body: InputReader, field: string, date: PartialDate, today: string): void {
  if (isWhollyAfter(date, today)) body.fail(field, 'not-in-future', `must not be after today (${today})`);
}

function boardComposition(body: InputReader): BoardComposition | undefined {
  const board = body.nested('boardComposition', false);
  if (!board) return undefined;
  board.rejectUnknown([...BOARD_PARTS, 'total']);
  const composition: BoardComposition = {};
  let sum = 0;
  let partsGiven = 0;
  let partsValid = 0;
  for (const part of BOARD_PARTS) {
    if (!board.has(part)) continue;
    partsGiven++;
    const seats = board.optionalCount(part);
    if (seats === undefined) continue;
    partsValid++;
    sum += seats;
    composition[part] = seats;
  }
  const total = board.optionalCount('total');
  if (total !== undefined) composition.total = total;
  // A total on its own is a fact (a board of nine, make-up unknown); beside parts it must agree.
  if (total !== undefined && partsGiven > 0 && partsValid === partsGiven && total !== sum) {
    board.fail('total', 'board-total', `must equal the sum of the seats given (${sum})`);
  }
  if (board.errors.length === 0 && partsGiven === 0 && !board.has('total')) {
    board.fail('', 'at-least-one', `must give at least one of: ${[...BOARD_PARTS, 'total'].join(', ')}`);
  }
  body.adopt(board);
  return composition;
}

function requiredCount(body: InputReader, field: string): number | undefined {
  if (!body.has(field)) {
    body.fail(field, 'required', 'is required');
    return undefined;
  }
  return body.optionalCount(field);
}

// Checked on the decimal text, not by scaling by 100: 0.29 * 100 is not 29 in floating point.
const hasAtMostTwoDecimals = (value: number): boolean => Number(value.toFixed(2)) === value;

function optionalNumber(body: InputReader, field: string): number | undefined {
  if (!body.has(field)) return undefined;
  const value = body.raw(field);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    body.fail(field, 'type', 'must be a number');
    return undefined;
  }
  return value;
}

function optionalTwoDecimals(body: InputReader, field: string): number | undefined {
  const value = optionalNumber(body, field);
  if (value === undefined) return undefined;
  if (value < 0) {
    body.fail(field, 'non-negative', 'must not be negative');
    return undefined;
  }
  if (!hasAtMostTwoDecimals(value)) {
    body.fail(field, 'decimals', 'must have at most two decimal places');
    return undefined;
  }
  return value;
}

function optionalPercent(body: InputReader, field: string): number | undefined {
  const value = optionalNumber(body, field);
  if (value === undefined) return undefined;
  if (value < 0 || value > 100) {
    body.fail(field, 'percent', 'must be between 0 and 100');
    return undefined;
  }
  if (!hasAtMostTwoDecimals(value)) {
    body.fail(field, 'decimals', 'must have at most two decimal places');
    return undefined;
  }
  return value;
}

const FINANCIAL_YEAR = /^(\d{4})[-/](\d{2})$/;

/** A UK financial year such as `2018-19`; `2018/19` is accepted and stored with a hyphen. */
function requiredFinancialYear(body: InputReader, field: string): string {
  if (!body.has(field)) {
    body.fail(field, 'required', 'is required');
    return '';
  }
  const value = body.raw(field);
  const match = typeof value === 'string' ? FINANCIAL_YEAR.exec(value.trim()) : null;
  if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) {
    body.fail(field, 'financial-year', 'must be a financial year written YYYY-YY or YYYY/YY, the second year following the first, e.g. 2018-19');
    return '';
  }
  return `${match[1]}-${match[2]}`;
}
