// The body of a milestone correction, documented from the same lists the domain reads it by.
// The milestone (its date and its own fields, in `values`) is kept apart from the correction
// (`reason`, `source`): a flat body made `reason` mean two things for the kinds that have a
// reason of their own (contract-lost, contract-ended, dissolved). The shape is that of the
// MilestoneCorrected event and of a version in the milestone's history, so a client can take
// a version it read, edit it and send it back.
import { MILESTONE_TYPES, type MilestoneType, SOURCE_KINDS } from '@casebook/domain';

export const CORRECTION_BODY_SCHEMA = {
  type: 'object',
  required: ['occurredOn', 'values', 'reason'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: [...MILESTONE_TYPES], description: 'Optional; when given, the kind the milestone already has (a correction never changes it)' },
    occurredOn: { type: 'string', example: '2011-04-01', description: 'When it happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, not in the future' },
    values: {
      type: 'object',
      additionalProperties: true,
      description:
        "The milestone's own fields in full, as when recording it (see the examples of POST /api/v1/mutuals/{mutualId}/milestones), `notes` included; a field left out is no longer part of the milestone. The fields of a kind are checked exactly as when recording it; others are refused.",
    },
    reason: {
      type: 'string',
      maxLength: 2000,
      description: "Why the milestone is corrected. Always the correction's reason: a milestone's own `reason` (contract-lost, contract-ended, dissolved) goes in `values`.",
    },
    source: {
      type: 'object',
      description: 'Where the corrected facts come from; kept with the correction',
      required: ['kind'],
      properties: { kind: { type: 'string', enum: [...SOURCE_KINDS] }, reference: { type: 'string' }, url: { type: 'string' }, interviewId: { type: 'string' } },
    },
  },
} as const;

/**
 * One correction per milestone type, each of the milestone recorded by the matching example of
 * POST .../milestones; the e2e suite records every one and corrects it with these.
 */
export const CORRECTION_EXAMPLES: Record<MilestoneType, { summary: string; value: Record<string, unknown> }> = {
  'spun-out': {
    summary: 'The exact day and headcount of the transfer',
    value: {
      occurredOn: '2011-04-01',
      values: { parentBody: 'Riverside Primary Care Trust', staffTransferred: 462 },
      reason: 'The staff transfer scheme gives the exact day and headcount',
      source: { kind: 'document', reference: 'Staff transfer scheme, schedule 2' },
    },
  },
  'contract-awarded': {
    summary: 'A longer first term',
    value: {
      occurredOn: '2011-03-14',
      values: { commissioner: 'Riverside Primary Care Trust', contractName: 'Community health services', startsOn: '2011-04-01', endsOn: '2016-03-31', annualValueGbp: 38000000 },
      reason: 'Three years and a two-year option, taken up at signing',
    },
  },
  'contract-renewed': {
    summary: 'The value as signed',
    value: {
      occurredOn: '2014-02',
      values: { commissioner: 'Riverside Clinical Commissioning Group', startsOn: '2014-04', endsOn: '2019-03', annualValueGbp: 40250000 },
      reason: 'Value and month per the signed contract, not the tender',
    },
  },
  'contract-extended': {
    summary: 'A longer extension',
    value: {
      occurredOn: '2018-11-20',
      values: { commissioner: 'Riverside Clinical Commissioning Group', startsOn: '2014-04', endsOn: '2020-09' },
      reason: 'Board minutes give the day and an 18-month extension',
    },
  },
  'contract-lost': {
    summary: "Both reasons: the loss's own (in values) and the correction's",
    value: {
      occurredOn: '2019-06',
      values: { commissioner: 'Northgate Borough Council', contractName: 'Leisure centres', endsOn: '2019-12', reason: "Retendered as one lot with the council's parks" },
      reason: 'The tender feedback letter gives the reason and the handover date',
      source: { kind: 'document', reference: 'Tender feedback letter, 2019-06-28' },
    },
  },
  'contract-ended': {
    summary: 'The fuller reason for the ending; no endsOn, so it ends on occurredOn',
    value: {
      occurredOn: '2020-03-31',
      values: { commissioner: 'Eastfield County Council', contractName: 'Mobile library service', reason: 'Service decommissioned after the library review' },
      reason: 'Cabinet minutes give the reason in full',
    },
  },
  'governance-changed': {
    summary: 'The day of the change and a board of ten',
    value: {
      occurredOn: '2016-04-01',
      values: {
        legalForm: 'community-benefit-society',
        boardComposition: { staff: 4, community: 3, independent: 3, total: 10 },
        ownershipModel: 'multi-stakeholder',
        employeeOwnedSharePercent: 51,
        memberCount: 1250,
      },
      reason: 'The FCA registration gives the day; the board had ten seats',
    },
  },
  'funding-secured': {
    summary: 'A loan, and a smaller amount',
    value: {
      occurredOn: '2017-09',
      values: { funder: 'Big Society Capital', amountGbp: 450000, fundingType: 'loan', purpose: 'New community hub' },
      reason: 'The offer letter: a loan of 450,000 pounds, not an investment of 500,000',
    },
  },
  'staffing-reported': {
    summary: 'Restated figures',
    value: { occurredOn: '2018-04', values: { headcount: 509, fte: 428.9, asAt: '2018-03-31' }, reason: 'Figures restated in the 2018-19 annual report' },
  },
  'turnover-reported': {
    summary: 'The audited figure',
    value: { occurredOn: '2019-07', values: { financialYear: '2018-19', amountGbp: 23650000 }, reason: 'Audited accounts' },
  },
  'service-launched': {
    summary: 'The month it opened, and what it is',
    value: {
      occurredOn: '2015-02',
      values: { serviceName: 'Falls prevention clinic', serviceArea: 'health-and-social-care', description: 'Weekly clinic at the Riverside health centre' },
      reason: 'The clinic opened in February, per the newsletter',
    },
  },
  'service-closed': {
    summary: 'The month it closed',
    value: {
      occurredOn: '2019-11',
      values: { serviceName: 'Night-time advice line', description: 'Merged into the daytime line' },
      reason: 'The last call was taken on 30 November',
    },
  },
  merged: {
    summary: 'The day the merger completed, and the new name in full',
    value: {
      occurredOn: '2020-09-01',
      values: { withOrganisation: 'Valley Community Services', newName: 'Valley and Riverside Care CIC' },
      reason: 'Companies House filing',
    },
  },
  acquired: {
    summary: 'The completion day, with a note',
    value: { occurredOn: '2021-06-30', values: { by: 'Northern Care Group Ltd', notes: 'Bought from the merged organisation' }, reason: 'Completion date per the press release' },
  },
  dissolved: {
    summary: "Both reasons: the dissolution's own (in values) and the correction's",
    value: { occurredOn: '2022-03-15', values: { reason: 'Loss of main contract; assets passed to Valley and Riverside Care' }, reason: 'Gazette notice of dissolution' },
  },
  'award-received': {
    summary: 'The category of the award',
    value: { occurredOn: '2017-11', values: { awardName: 'Social Enterprise of the Year (health)', awardedBy: 'Social Enterprise UK' }, reason: 'The award was in the health category' },
  },
  observation: {
    summary: 'A fuller note',
    value: {
      occurredOn: '2018-05',
      values: { text: 'Staff describe a stronger voice in decisions since the spin-out, less so in the community teams' },
      reason: 'Fuller note from the focus group transcript',
      source: { kind: 'interview', reference: 'W1 staff focus group' },
    },
  },
};
