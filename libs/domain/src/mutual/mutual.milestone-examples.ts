// One realistic body per milestone kind for recording it, and one correcting what it recorded:
// published with the schemas, and every one of them read by the domain's tests.
import type { BodyExample } from '../shared/read-body.js';
import type { MilestoneType } from './mutual.commands.js';

export const MILESTONE_EXAMPLES: Record<MilestoneType, BodyExample> = {
  'spun-out': {
    summary: 'The mutual left the public sector',
    value: {
      type: 'spun-out',
      occurredOn: '2011-04',
      parentBody: 'Riverside Primary Care Trust',
      staffTransferred: 450,
      source: { kind: 'annual-report', reference: 'Annual report 2011-12' },
    },
  },
  'contract-awarded': {
    summary: 'A first contract with a commissioner',
    value: {
      type: 'contract-awarded',
      occurredOn: '2011-03-14',
      commissioner: 'Riverside Primary Care Trust',
      contractName: 'Community health services',
      startsOn: '2011-04-01',
      endsOn: '2014-03-31',
      annualValueGbp: 38000000,
    },
  },
  'contract-renewed': {
    summary: 'A contract renewed, with its new term',
    value: {
      type: 'contract-renewed',
      occurredOn: '2014',
      commissioner: 'Riverside Clinical Commissioning Group',
      startsOn: '2014-04',
      endsOn: '2019-03',
      annualValueGbp: 41500000,
    },
  },
  'contract-extended': {
    summary: 'A contract extended without retendering',
    value: {
      type: 'contract-extended',
      occurredOn: '2018-11',
      commissioner: 'Riverside Clinical Commissioning Group',
      startsOn: '2014-04',
      endsOn: '2020-03',
    },
  },
  'contract-lost': {
    summary: 'A contract lost at retender',
    value: {
      type: 'contract-lost',
      occurredOn: '2019-06',
      commissioner: 'Northgate Borough Council',
      contractName: 'Leisure centres',
      endsOn: '2019-09',
      reason: 'Retendered; awarded to a national operator',
    },
  },
  'contract-ended': {
    summary: 'A contract that ran its course; without endsOn it ends on occurredOn',
    value: {
      type: 'contract-ended',
      occurredOn: '2020-03-31',
      commissioner: 'Eastfield County Council',
      contractName: 'Mobile library service',
      reason: 'Service decommissioned',
    },
  },
  'governance-changed': {
    summary: 'A new legal form, board and ownership',
    value: {
      type: 'governance-changed',
      occurredOn: '2016-04',
      legalForm: 'community-benefit-society',
      boardComposition: { staff: 4, community: 3, independent: 2, total: 9 },
      ownershipModel: 'multi-stakeholder',
      employeeOwnedSharePercent: 51,
      memberCount: 1200,
    },
  },
  'funding-secured': {
    summary: 'Social investment for expansion',
    value: {
      type: 'funding-secured',
      occurredOn: '2017-09',
      funder: 'Big Society Capital',
      amountGbp: 500000,
      fundingType: 'social-investment',
      purpose: 'New community hub',
    },
  },
  'staffing-reported': {
    summary: 'Headcount and FTE at a date',
    value: { type: 'staffing-reported', occurredOn: '2018-04', headcount: 512, fte: 431.5, asAt: '2018-03-31' },
  },
  'turnover-reported': {
    summary: 'Turnover for a financial year',
    value: { type: 'turnover-reported', occurredOn: '2019-07', financialYear: '2018-19', amountGbp: 23400000 },
  },
  'service-launched': {
    summary: 'A new service',
    value: {
      type: 'service-launched',
      occurredOn: '2015-01',
      serviceName: 'Falls prevention clinic',
      serviceArea: 'health-and-social-care',
    },
  },
  'service-closed': {
    summary: 'A service closed',
    value: {
      type: 'service-closed',
      occurredOn: '2019-12',
      serviceName: 'Night-time advice line',
      description: 'Merged into the daytime line',
    },
  },
  merged: {
    summary: 'A merger: it ends the mutual (see the end rule)',
    value: { type: 'merged', occurredOn: '2020-09', withOrganisation: 'Valley Community Services', newName: 'Valley and Riverside Care' },
  },
  acquired: { summary: 'Taken over: an end too', value: { type: 'acquired', occurredOn: '2021-06', by: 'Northern Care Group Ltd' } },
  dissolved: { summary: 'Wound up: an end too', value: { type: 'dissolved', occurredOn: '2022-03', reason: 'Loss of main contract' } },
  'award-received': {
    summary: 'Recognition',
    value: { type: 'award-received', occurredOn: '2017-11', awardName: 'Social Enterprise of the Year', awardedBy: 'Social Enterprise UK' },
  },
  observation: {
    summary: 'A researcher observation',
    value: {
      type: 'observation',
      occurredOn: '2018-05',
      text: 'Staff describe a stronger voice in decisions since the spin-out',
      source: { kind: 'interview', reference: 'W1 staff focus group' },
    },
  },
};

/** One correction per milestone kind, each of the milestone the matching example above records. */
export const CORRECTION_EXAMPLES: Record<MilestoneType, BodyExample> = {
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
      values: {
        commissioner: 'Riverside Primary Care Trust',
        contractName: 'Community health services',
        startsOn: '2011-04-01',
        endsOn: '2016-03-31',
        annualValueGbp: 38000000,
      },
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
      values: {
        commissioner: 'Northgate Borough Council',
        contractName: 'Leisure centres',
        endsOn: '2019-12',
        reason: "Retendered as one lot with the council's parks",
      },
      reason: 'The tender feedback letter gives the reason and the handover date',
      source: { kind: 'document', reference: 'Tender feedback letter, 2019-06-28' },
    },
  },
  'contract-ended': {
    summary: 'The fuller reason for the ending; no endsOn, so it ends on occurredOn',
    value: {
      occurredOn: '2020-03-31',
      values: {
        commissioner: 'Eastfield County Council',
        contractName: 'Mobile library service',
        reason: 'Service decommissioned after the library review',
      },
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
    value: {
      occurredOn: '2018-04',
      values: { headcount: 509, fte: 428.9, asAt: '2018-03-31' },
      reason: 'Figures restated in the 2018-19 annual report',
    },
  },
  'turnover-reported': {
    summary: 'The audited figure',
    value: { occurredOn: '2019-07', values: { financialYear: '2018-19', amountGbp: 23650000 }, reason: 'Audited accounts' },
  },
  'service-launched': {
    summary: 'The month it opened, and what it is',
    value: {
      occurredOn: '2015-02',
      values: {
        serviceName: 'Falls prevention clinic',
        serviceArea: 'health-and-social-care',
        description: 'Weekly clinic at the Riverside health centre',
      },
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
    value: {
      occurredOn: '2021-06-30',
      values: { by: 'Northern Care Group Ltd', notes: 'Bought from the merged organisation' },
      reason: 'Completion date per the press release',
    },
  },
  dissolved: {
    summary: "Both reasons: the dissolution's own (in values) and the correction's",
    value: {
      occurredOn: '2022-03-15',
      values: { reason: 'Loss of main contract; assets passed to Valley and Riverside Care' },
      reason: 'Gazette notice of dissolution',
    },
  },
  'award-received': {
    summary: 'The category of the award',
    value: {
      occurredOn: '2017-11',
      values: { awardName: 'Social Enterprise of the Year (health)', awardedBy: 'Social Enterprise UK' },
      reason: 'The award was in the health category',
    },
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
