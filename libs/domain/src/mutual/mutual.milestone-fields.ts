// The facts each kind of milestone carries, as the schemas that read them. Recording and
// correcting share these, so a corrected milestone meets exactly the rules the original had to.
import { z } from 'zod';
import { type Valid, across, count, decimal, money, object, oneOf, optional, partialDate, percent, text } from '../shared/body-fields.js';
import { earliestDay, latestDay, partialDate as knownDate } from '../shared/partial-date.js';
import { problem } from '../shared/read-body.js';
import type { MilestoneEventType } from './mutual.events.js';
import { FUNDING_TYPES, LEGAL_FORMS, OWNERSHIP_MODELS, SERVICE_AREAS } from './mutual.vocabulary.js';

const NAME = 200;
const PROSE = 2000;
const LONG_PROSE = 4000;

type Rule = (value: Record<string, unknown>, valid: Valid, report: (field: string, rule: string, text: string) => void) => void;
interface Facts {
  shape: z.ZodRawShape;
  /** A rule across the kind's own fields. */
  rule?: Rule;
}

const commissioner = text(NAME, { description: 'The commissioning body' });
const contractName = optional(text(NAME, { description: 'The contract or service name' }));
const endOfDelivery = optional(
  partialDate('End of delivery; when left out, the contract ends on occurredOn (the timeline shows that effective end).'),
);

const contractTerms: Facts = {
  shape: {
    commissioner,
    contractName,
    startsOn: partialDate('Start of the term.'),
    endsOn: partialDate('End of the term; not before startsOn at the widest reading of each date.'),
    annualValueGbp: optional(money('Annual value.')),
  },
  // Compared at the widest reading of each date, so "starts 2014-06-01, ends 2014" is allowed.
  rule: ({ startsOn, endsOn }, valid, report) => {
    if (valid('startsOn') && valid('endsOn') && latestDay(knownDate(String(endsOn))) < earliestDay(knownDate(String(startsOn)))) {
      report('endsOn', 'not-before-start', `must not be before startsOn (${String(startsOn)})`);
    }
  },
};

const GOVERNANCE_FIELDS = ['legalForm', 'boardComposition', 'ownershipModel', 'employeeOwnedSharePercent', 'memberCount'] as const;
const BOARD_PARTS = ['staff', 'community', 'serviceUsers', 'independent', 'publicBody'] as const;
const seats = optional(count('Seats'));

const boardComposition = object({ ...Object.fromEntries(BOARD_PARTS.map((part) => [part, seats])), total: seats })
  .check(
    // A total on its own is a fact (a board of nine, make-up unknown); beside parts it must agree.
    across((board: Record<string, unknown>, valid, report, payload) => {
      const given = BOARD_PARTS.filter((part) => board[part] !== undefined);
      const sum = given.reduce((total, part) => total + Number(board[part]), 0);
      if (valid('total') && given.length > 0 && given.every(valid) && board.total !== sum) {
        report('total', 'board-total', `must equal the sum of the seats given (${sum})`);
      }
      if (payload.issues.length === 0 && given.length === 0 && board.total === undefined) {
        report('', 'at-least-one', `must give at least one of: ${[...BOARD_PARTS, 'total'].join(', ')}`);
      }
    }),
  )
  .meta({ description: 'Seats by group; total, if given beside them, must equal their sum' });

const service: Facts = {
  shape: {
    serviceName: text(NAME),
    serviceArea: optional(oneOf(SERVICE_AREAS)),
    description: optional(text(PROSE)),
  },
};

const FINANCIAL_YEAR = /^\s*(\d{4})[-/](\d{2})\s*$/;
const FINANCIAL_YEAR_MESSAGE = 'must be a financial year written YYYY-YY or YYYY/YY, the second year following the first, e.g. 2018-19';
const followingYear = (text: string) => {
  const match = FINANCIAL_YEAR.exec(text);
  return !match || (Number(match[1]) + 1) % 100 === Number(match[2]);
};

/** A UK financial year such as `2018-19`; `2018/19` is accepted and stored with a hyphen. */
const financialYear = z
  .string({
    error: (issue) => (issue.input == null ? problem('required', 'is required') : problem('financial-year', FINANCIAL_YEAR_MESSAGE)),
  })
  .regex(FINANCIAL_YEAR, { error: problem('financial-year', FINANCIAL_YEAR_MESSAGE) })
  .refine(followingYear, { error: problem('financial-year', FINANCIAL_YEAR_MESSAGE) })
  .overwrite((text) => text.trim().replace('/', '-'))
  .meta({ description: 'A UK financial year, e.g. 2018-19 (or 2018/19, stored with a hyphen); the second year follows the first.' });

const FACTS: Record<MilestoneEventType, Facts> = {
  MutualSpunOut: {
    shape: {
      parentBody: text(NAME, { description: 'The public body the mutual left' }),
      staffTransferred: optional(count('Staff who transferred')),
    },
  },
  ContractAwarded: contractTerms,
  ContractRenewed: contractTerms,
  ContractExtended: contractTerms,
  ContractLost: {
    shape: {
      commissioner,
      contractName,
      endsOn: endOfDelivery,
      reason: optional(text(PROSE, { description: 'Why it was lost' })),
      annualValueGbp: optional(money()),
    },
  },
  ContractEnded: {
    shape: { commissioner, contractName, endsOn: endOfDelivery, reason: optional(text(PROSE, { description: 'Why it ended' })) },
  },
  GovernanceChanged: {
    shape: {
      legalForm: optional(oneOf(LEGAL_FORMS)),
      boardComposition: optional(boardComposition),
      ownershipModel: optional(oneOf(OWNERSHIP_MODELS)),
      employeeOwnedSharePercent: optional(percent()),
      memberCount: optional(count()),
    },
    // A governance change that names nothing that changed tells the record nothing.
    rule: (values, _valid, report) => {
      if (!GOVERNANCE_FIELDS.some((field) => values[field] !== undefined)) {
        report('', 'at-least-one', `must give at least one of: ${GOVERNANCE_FIELDS.join(', ')}`);
      }
    },
  },
  FundingSecured: {
    shape: { funder: text(NAME), amountGbp: money(), fundingType: oneOf(FUNDING_TYPES), purpose: optional(text(PROSE)) },
  },
  StaffingReported: {
    shape: {
      headcount: count(),
      fte: optional(decimal('Full-time equivalents, not above headcount')),
      asAt: optional(partialDate('The date the figures describe.', { past: true })),
    },
    rule: ({ headcount, fte }, valid, report) => {
      if (valid('headcount') && valid('fte') && Number(fte) > Number(headcount)) {
        report('fte', 'fte-not-above-headcount', `must not exceed headcount (${String(headcount)})`);
      }
    },
  },
  TurnoverReported: { shape: { financialYear, amountGbp: money() } },
  ServiceLaunched: service,
  ServiceClosed: service,
  MutualMerged: { shape: { withOrganisation: text(NAME), newName: optional(text(NAME)) } },
  MutualAcquired: { shape: { by: text(NAME) } },
  MutualDissolved: { shape: { reason: optional(text(PROSE, { description: 'Why it was wound up' })) } },
  AwardReceived: { shape: { awardName: text(NAME), awardedBy: optional(text(NAME)) } },
  ObservationRecorded: { shape: { text: text(LONG_PROSE, { description: 'What the researcher noted' }) } },
};

const notes = optional(text(LONG_PROSE, { description: 'Free-text notes' }));

/** When a milestone happened: a partial date, not in the future. */
export const occurredOn = partialDate('When it happened.', { past: true });

/**
 * An object of a milestone's own facts (its kind's fields and `notes`), e.g. a correction's
 * `values`, or with the fields a recording body has `before` and `after` them.
 */
export const milestoneFacts = (type: MilestoneEventType, before: z.ZodRawShape = {}, after: z.ZodRawShape = {}) =>
  object({ ...before, ...FACTS[type].shape, notes, ...after }).check(
    across((value, valid, report) => FACTS[type].rule?.(value, valid, report)),
  );

/** The names of a milestone's own facts: its kind's fields and `notes`. */
export const milestoneValueFields = (type: MilestoneEventType): readonly string[] => [...Object.keys(FACTS[type].shape), 'notes'];
