import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TimelineMilestone {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'contract-renewed' })
  type!: string;

  @ApiProperty({ example: '2014-04', description: 'As recorded: YYYY, YYYY-MM or YYYY-MM-DD' })
  occurredOn!: string;

  @ApiProperty({ enum: ['year', 'month', 'day'] })
  precision!: string;

  @ApiProperty({
    description: 'The fields of this milestone type',
    example: { commissioner: 'Riverside CCG', startsOn: '2014-04', endsOn: '2019-03' },
  })
  details!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class TimelineResponse {
  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({ description: 'Partial date of the spin-out, when recorded' })
  spunOutOn?: string;

  @ApiProperty({ description: 'Version of the mutual these read models reflect' })
  version!: number;

  @ApiProperty({ type: [TimelineMilestone], description: 'In the order they happened; vaguer dates first on a tie' })
  milestones!: TimelineMilestone[];
}
