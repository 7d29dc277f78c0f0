import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_FORMS, MUTUAL_STATUSES, OWNERSHIP_MODELS, REGIONS, SERVICE_AREAS, STAGES_OF_DEVELOPMENT } from '@casebook/domain';

export class ProfileContract {
  @ApiProperty({ format: 'uuid', description: 'The milestone that recorded the term now running' })
  milestoneId!: string;

  @ApiProperty({ enum: ['contract-awarded', 'contract-renewed', 'contract-extended'] })
  recordedAs!: string;

  @ApiProperty({ example: 'Riverside CCG' })
  commissioner!: string;

  @ApiPropertyOptional({ example: 'Community nursing' })
  contractName?: string;

  @ApiProperty({ example: '2015-04-01', description: 'Partial date' })
  startsOn!: string;

  @ApiProperty({ example: '2020-03-31', description: 'Partial date: the end of the term, or the day a loss or end took effect if sooner' })
  endsOn!: string;

  @ApiPropertyOptional({ example: 1200000 })
  annualValueGbp?: number;
}

export class ProfileContractEnd {
  @ApiProperty({ format: 'uuid' })
  milestoneId!: string;

  @ApiProperty({ example: 'Riverside Council' })
  commissioner!: string;

  @ApiPropertyOptional()
  contractName?: string;

  @ApiProperty({ example: '2016-12-31' })
  endsOn!: string;
}

export class ProfileEnd {
  @ApiProperty({ format: 'uuid' })
  milestoneId!: string;

  @ApiProperty({ enum: ['merged', 'acquired', 'dissolved'] })
  type!: string;

  @ApiProperty({ example: '2019-10' })
  occurredOn!: string;
}

export class YearsRange {
  @ApiProperty({ example: 3, description: 'Counted from the last day the spin-out date could denote' })
  atLeast!: number;

  @ApiProperty({ example: 4, description: 'Counted from the first day it could denote; equal to atLeast for a full date' })
  atMost!: number;
}

export class ProfileBoard {
  @ApiPropertyOptional() staff?: number;
  @ApiPropertyOptional() community?: number;
  @ApiPropertyOptional() serviceUsers?: number;
  @ApiPropertyOptional() independent?: number;
  @ApiPropertyOptional() publicBody?: number;
  @ApiPropertyOptional() total?: number;
}

export class ProfileStaffing {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty({ example: 450 }) headcount!: number;
  @ApiPropertyOptional({ example: 390.5 }) fte?: number;
  @ApiProperty({ example: '2014-05-01', description: 'The date the figures describe' }) asAt!: string;
}

export class ProfileTurnover {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty({ example: '2014-15' }) financialYear!: string;
  @ApiProperty({ example: 14500000 }) amountGbp!: number;
}

export class ProfileService {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty({ example: 'Falls prevention' }) serviceName!: string;
  @ApiPropertyOptional({ enum: SERVICE_AREAS }) serviceArea?: string;
  @ApiProperty({ example: '2014-09' }) launchedOn!: string;
}

export class ProfileUncertainty {
  @ApiProperty({ format: 'uuid' }) milestoneId!: string;
  @ApiProperty({ example: 'governance-changed' }) type!: string;
  @ApiProperty({ example: '2016' }) occurredOn!: string;
  @ApiProperty({ example: '2016 may fall after 2016-06-01' }) because!: string;
}

/** A mutual on a day, as now believed or as known on another. */
export class ProfileResponse {
  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiProperty({ example: '2016-01-01', description: 'The day described, at its end' })
  trueOn!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When given: records from this instant on were not counted' })
  knownBefore?: string;

  @ApiProperty({ example: 'Riverside Community Health CIC', description: 'As registered (as known then, with knownOn)' })
  name!: string;

  @ApiProperty({ enum: MUTUAL_STATUSES, description: 'pre-spin-out while a recorded spin-out lies ahead' })
  status!: string;

  @ApiPropertyOptional({ type: ProfileEnd })
  end?: ProfileEnd;

  @ApiPropertyOptional({ example: '2012-04' })
  spunOutOn?: string;

  @ApiPropertyOptional({ type: YearsRange })
  yearsSinceSpinOut?: YearsRange;

  @ApiPropertyOptional({
    enum: STAGES_OF_DEVELOPMENT,
    description: 'From the years since spin-out: early 0-2, developing 3-5, established 6+',
  })
  stageOfDevelopment?: string;

  @ApiPropertyOptional({ enum: REGIONS }) region?: string;
  @ApiPropertyOptional({ example: 'Riverside Primary Care Trust' }) parentBody?: string;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, description: 'The last governance change by the day, else as registered' })
  legalForm?: string;

  @ApiPropertyOptional({ enum: OWNERSHIP_MODELS }) ownershipModel?: string;
  @ApiPropertyOptional({ type: ProfileBoard }) boardComposition?: ProfileBoard;
  @ApiPropertyOptional() employeeOwnedSharePercent?: number;
  @ApiPropertyOptional() memberCount?: number;

  @ApiProperty({ type: [ProfileContract], description: 'Contracts running on the day, the next to end first' })
  activeContracts!: ProfileContract[];

  @ApiPropertyOptional({ type: ProfileContractEnd })
  nextContractEnd?: ProfileContractEnd;

  @ApiProperty({ example: 1200000, description: 'Sum of the active contracts’ annual values' })
  annualContractValueGbp!: number;

  @ApiProperty({ example: 1, description: 'Active contracts with no annual value recorded, outside the sum' })
  contractsWithoutValue!: number;

  @ApiPropertyOptional({ type: ProfileStaffing, description: 'The figures describing the latest date' })
  staffing?: ProfileStaffing;

  @ApiPropertyOptional({ type: ProfileTurnover, description: 'The latest financial year reported' })
  turnover?: ProfileTurnover;

  @ApiProperty({ enum: SERVICE_AREAS, isArray: true, description: 'As registered, with the areas of the services running' })
  serviceAreas!: string[];

  @ApiProperty({ type: [ProfileService], description: 'Services launched by the day and not closed' })
  services!: ProfileService[];

  @ApiProperty({
    type: [ProfileUncertainty],
    description:
      'Milestones not applied because their partial date may fall on either side of the day, and contracts that may or may not be running',
  })
  uncertain!: ProfileUncertainty[];
}
