import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ContractsInYear {
  @ApiProperty({ example: 2016 }) year!: number;
  @ApiProperty({ example: 12 }) awarded!: number;
  @ApiProperty({ example: 30 }) renewed!: number;
  @ApiProperty({ example: 4 }) extended!: number;
  @ApiProperty({ example: 3 }) lost!: number;
  @ApiProperty({ example: 1 }) ended!: number;
}

/** The State-of-the-Sector figures on a day, over the registry or one study's cases. */
export class SectorFiguresResponse {
  @ApiProperty({ example: '2016-12-31', description: 'The day counted, at its end' }) trueOn!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The study whose cases were counted; absent for the registry' })
  studyId?: string;

  @ApiProperty({ example: 120, description: 'Mutuals counted: every one registered, whatever its status on the day' }) mutuals!: number;

  @ApiProperty({
    description:
      'Mutuals by status on the day: pre-spin-out while a recorded spin-out lies ahead, merged, acquired or dissolved once that end certainly happened',
    example: { 'pre-spin-out': 2, active: 104, merged: 8, acquired: 3, dissolved: 3 },
  })
  byStatus!: Record<string, number>;

  @ApiProperty({
    description: 'Active mutuals by service area (a mutual counts in each of its areas, as registered and of the services it runs)',
    example: { 'health-and-social-care': 61, 'sports-and-leisure': 23 },
  })
  byServiceArea!: Record<string, number>;

  @ApiProperty({ description: 'Active mutuals by region as registered; `unknown` when none is', example: { 'north-west': 18, unknown: 4 } })
  byRegion!: Record<string, number>;

  @ApiProperty({
    description: 'Active mutuals by legal form on the day (the last governance change, else as registered); `unknown` when none is',
    example: { 'community-interest-company': 70, unknown: 6 },
  })
  byLegalForm!: Record<string, number>;

  @ApiProperty({
    type: [ContractsInYear],
    description: 'Contract milestones by the year they happened, up to the day; a milestone whose date spans the day is not counted',
  })
  contractsByYear!: ContractsInYear[];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 6,
    description:
      'Median whole years since spin-out of the active mutuals with one recorded, each counted from the last day its date could denote',
  })
  medianYearsSinceSpinOut!: number | null;

  @ApiProperty({ example: 14, description: 'Mutuals merged, acquired or dissolved by the day' }) endedByTheDay!: number;

  @ApiProperty({ example: 3, description: 'Milestones left out because their partial dates span the day' }) uncertainMilestones!: number;
}
