import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FUNDING_TYPES, LEGAL_FORMS, MILESTONE_TYPES, type MilestoneType, OWNERSHIP_MODELS, SERVICE_AREAS, SOURCE_KINDS } from '@casebook/domain';

const DATE = 'A date known to the year, month or day: `2012`, `2012-04` or `2012-04-01`; kept at that precision';

/** The end rule (libs/domain/src/mutual/mutual.end.ts) as the API documents it. */
export const END_RULE =
  'A dissolution, a merger or an acquisition ends the mutual. Research is often retrospective, so a milestone dated on or before the end can still be ' +
  'recorded, and an end can be recorded before the earlier milestones; a milestone dated after the end is refused (409, rule `after-end`, the detail ' +
  'naming the end and its date), and so is an end dated before milestones already recorded, and a correction that moves a milestone after the end. ' +
  'Observations, and further ends (a merger, then the dissolution of the old company), are accepted at any date. "After" means certainly after at the ' +
  "dates' precision: the milestone's first possible day is after the end's last possible day (`2022-03-15` is not after an end in `2022-03`, `2022-04` is). " +
  'With several ends the one certainly over first (earliest last possible day) counts. Only current milestones count: retracting or correcting the end reopens or moves it.';

class SourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  kind!: string;

  @ApiPropertyOptional({ example: 'Annual report 2014-15, p. 12' })
  reference?: string;

  @ApiPropertyOptional({ example: 'https://example.org/annual-report-2015.pdf', description: 'Required when kind is url' })
  url?: string;

  @ApiPropertyOptional({ description: 'The interview this came from' })
  interviewId?: string;
}

/**
 * Documents the request for OpenAPI; the rules themselves live in the domain. Which fields
 * apply depends on `type`: each type has an example below, and unknown fields are refused.
 */
export class RecordMilestoneRequest {
  @ApiProperty({ enum: MILESTONE_TYPES })
  type!: string;

  @ApiProperty({ description: `When it happened. ${DATE}. Not in the future.`, example: '2012-04' })
  occurredOn!: string;

  @ApiPropertyOptional({ type: SourceDto, description: 'Where the fact comes from; kept with the record' })
  source?: SourceDto;

  @ApiPropertyOptional({ description: 'spun-out: the public body the mutual left' })
  parentBody?: string;

  @ApiPropertyOptional({ description: 'spun-out: staff who transferred' })
  staffTransferred?: number;

  @ApiPropertyOptional({ description: 'contract-*: the commissioning body' })
  commissioner?: string;

  @ApiPropertyOptional({ description: 'contract-*: the contract or service name' })
  contractName?: string;

  @ApiPropertyOptional({ description: `contract-awarded/renewed/extended: start of the term. ${DATE}.` })
  startsOn?: string;

  @ApiPropertyOptional({
    description: `contract-*: end of the term (or of delivery, when lost or ended). ${DATE}. Required for contract-awarded/renewed/extended; for contract-lost and contract-ended it may be left out, and the contract then ends on occurredOn (the timeline shows that effective end).`,
  })
  endsOn?: string;

  @ApiPropertyOptional({ description: 'contract-*: annual value in pounds sterling (up to two decimals)' })
  annualValueGbp?: number;

  @ApiPropertyOptional({ description: 'contract-lost, contract-ended, dissolved: why' })
  reason?: string;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, description: 'governance-changed' })
  legalForm?: string;

  @ApiPropertyOptional({ description: 'governance-changed: seats by group; total, if given, must equal the sum', example: { staff: 4, community: 3, independent: 2, total: 9 } })
  boardComposition?: Record<string, number>;

  @ApiPropertyOptional({ enum: OWNERSHIP_MODELS, description: 'governance-changed' })
  ownershipModel?: string;

  @ApiPropertyOptional({ description: 'governance-changed: 0-100' })
  employeeOwnedSharePercent?: number;

  @ApiPropertyOptional({ description: 'governance-changed' })
  memberCount?: number;

  @ApiPropertyOptional({ description: 'funding-secured' })
  funder?: string;

  @ApiPropertyOptional({ description: 'funding-secured, turnover-reported: pounds sterling' })
  amountGbp?: number;

  @ApiPropertyOptional({ enum: FUNDING_TYPES, description: 'funding-secured' })
  fundingType?: string;

  @ApiPropertyOptional({ description: 'funding-secured' })
  purpose?: string;

  @ApiPropertyOptional({ description: 'staffing-reported' })
  headcount?: number;

  @ApiPropertyOptional({ description: 'staffing-reported: full-time equivalents, not above headcount' })
  fte?: number;

  @ApiPropertyOptional({ description: `staffing-reported: the date the figures describe. ${DATE}.` })
  asAt?: string;

  @ApiPropertyOptional({ description: 'turnover-reported: e.g. 2018-19' })
  financialYear?: string;

  @ApiPropertyOptional({ description: 'service-launched, service-closed' })
  serviceName?: string;

  @ApiPropertyOptional({ enum: SERVICE_AREAS, description: 'service-launched, service-closed' })
  serviceArea?: string;

  @ApiPropertyOptional({ description: 'service-launched, service-closed' })
  description?: string;

  @ApiPropertyOptional({ description: 'merged' })
  withOrganisation?: string;

  @ApiPropertyOptional({ description: 'merged' })
  newName?: string;

  @ApiPropertyOptional({ description: 'acquired' })
  by?: string;

  @ApiPropertyOptional({ description: 'award-received' })
  awardName?: string;

  @ApiPropertyOptional({ description: 'award-received' })
  awardedBy?: string;

  @ApiPropertyOptional({ description: 'observation: what the researcher noted' })
  text?: string;

  @ApiPropertyOptional({ description: 'Free-text notes', maxLength: 4000 })
  notes?: string;
}

/** One realistic example per milestone type; the e2e suite records every one of them. */
export const MILESTONE_EXAMPLES: Record<MilestoneType, { summary: string; value: Record<string, unknown> }> = {
  'spun-out': {
    summary: 'The mutual left the public sector',
    value: { type: 'spun-out', occurredOn: '2011-04', parentBody: 'Riverside Primary Care Trust', staffTransferred: 450, source: { kind: 'annual-report', reference: 'Annual report 2011-12' } },
  },
  'contract-awarded': {
    summary: 'A first contract with a commissioner',
    value: { type: 'contract-awarded', occurredOn: '2011-03-14', commissioner: 'Riverside Primary Care Trust', contractName: 'Community health services', startsOn: '2011-04-01', endsOn: '2014-03-31', annualValueGbp: 38000000 },
  },
  'contract-renewed': {
    summary: 'A contract renewed, with its new term',
    value: { type: 'contract-renewed', occurredOn: '2014', commissioner: 'Riverside Clinical Commissioning Group', startsOn: '2014-04', endsOn: '2019-03', annualValueGbp: 41500000 },
  },
  'contract-extended': {
    summary: 'A contract extended without retendering',
    value: { type: 'contract-extended', occurredOn: '2018-11', commissioner: 'Riverside Clinical Commissioning Group', startsOn: '2014-04', endsOn: '2020-03' },
  },
  'contract-lost': {
    summary: 'A contract lost at retender',
    value: { type: 'contract-lost', occurredOn: '2019-06', commissioner: 'Northgate Borough Council', contractName: 'Leisure centres', endsOn: '2019-09', reason: 'Retendered; awarded to a national operator' },
  },
  'contract-ended': {
    summary: 'A contract that ran its course; without endsOn it ends on occurredOn',
    value: { type: 'contract-ended', occurredOn: '2020-03-31', commissioner: 'Eastfield County Council', contractName: 'Mobile library service', reason: 'Service decommissioned' },
  },
  'governance-changed': {
    summary: 'A new legal form, board and ownership',
    value: { type: 'governance-changed', occurredOn: '2016-04', legalForm: 'community-benefit-society', boardComposition: { staff: 4, community: 3, independent: 2, total: 9 }, ownershipModel: 'multi-stakeholder', employeeOwnedSharePercent: 51, memberCount: 1200 },
  },
  'funding-secured': {
    summary: 'Social investment for expansion',
    value: { type: 'funding-secured', occurredOn: '2017-09', funder: 'Big Society Capital', amountGbp: 500000, fundingType: 'social-investment', purpose: 'New community hub' },
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
    value: { type: 'service-launched', occurredOn: '2015-01', serviceName: 'Falls prevention clinic', serviceArea: 'health-and-social-care' },
  },
  'service-closed': {
    summary: 'A service closed',
    value: { type: 'service-closed', occurredOn: '2019-12', serviceName: 'Night-time advice line', description: 'Merged into the daytime line' },
  },
  merged: {
    summary: 'A merger: it ends the mutual (see the end rule)',
    value: { type: 'merged', occurredOn: '2020-09', withOrganisation: 'Valley Community Services', newName: 'Valley and Riverside Care' },
  },
  acquired: { summary: 'Taken over: an end too', value: { type: 'acquired', occurredOn: '2021-06', by: 'Northern Care Group Ltd' } },
  dissolved: { summary: 'Wound up: an end too', value: { type: 'dissolved', occurredOn: '2022-03', reason: 'Loss of main contract' } },
  'award-received': { summary: 'Recognition', value: { type: 'award-received', occurredOn: '2017-11', awardName: 'Social Enterprise of the Year', awardedBy: 'Social Enterprise UK' } },
  observation: {
    summary: 'A researcher observation',
    value: { type: 'observation', occurredOn: '2018-05', text: 'Staff describe a stronger voice in decisions since the spin-out', source: { kind: 'interview', reference: 'W1 staff focus group' } },
  },
};
