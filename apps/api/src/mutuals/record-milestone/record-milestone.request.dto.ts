import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MILESTONE_TYPES } from '@casebook/domain';

const DATE = 'A date known to the year, month or day: `2012`, `2012-04` or `2012-04-01`; kept at that precision';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class RecordMilestoneRequest {
  @ApiProperty({ enum: MILESTONE_TYPES })
  type!: string;

  @ApiProperty({ description: `When it happened. ${DATE}. Not in the future.`, example: '2012-04' })
  occurredOn!: string;

  @ApiPropertyOptional({ description: 'spun-out: the public body the mutual left', example: 'Riverside Primary Care Trust' })
  parentBody?: string;

  @ApiPropertyOptional({ description: 'spun-out: staff who transferred', example: 450 })
  staffTransferred?: number;

  @ApiPropertyOptional({ description: 'contract-*: the commissioning body', example: 'Riverside Clinical Commissioning Group' })
  commissioner?: string;

  @ApiPropertyOptional({ description: 'contract-*: the contract or service name', example: 'Community nursing' })
  contractName?: string;

  @ApiPropertyOptional({ description: `contract-*: start of the term. ${DATE}.`, example: '2015-04' })
  startsOn?: string;

  @ApiPropertyOptional({ description: `contract-*: end of the term, not before its start. ${DATE}.`, example: '2020-03' })
  endsOn?: string;

  @ApiPropertyOptional({ description: 'contract-*: annual value in pounds sterling (up to two decimals)', example: 12500000 })
  annualValueGbp?: number;

  @ApiPropertyOptional({ description: 'Free-text notes', maxLength: 4000 })
  notes?: string;
}

export const MILESTONE_EXAMPLES = {
  'spun-out': {
    summary: 'The mutual left the public sector',
    value: { type: 'spun-out', occurredOn: '2011-04', parentBody: 'Riverside Primary Care Trust', staffTransferred: 450 },
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
};
