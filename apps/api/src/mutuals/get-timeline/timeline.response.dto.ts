import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordedByResponse {
  @ApiProperty({ example: '3f1c7a52-8d2e-4b8a-9c3d-2e1f0a9b8c7d' })
  accountId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Priya Shah', description: 'Null once the account is erased' })
  displayName!: string | null;
}

export class TimelineCorrection {
  @ApiProperty({ format: 'date-time' })
  correctedAt!: string;

  @ApiProperty({ type: RecordedByResponse, nullable: true })
  correctedBy!: RecordedByResponse | null;

  @ApiProperty({ type: String, nullable: true, example: 'The annual report gives the day' })
  reason!: string | null;
}

/** A milestone as every listing shows it. */
export class MilestoneEntry {
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

  @ApiProperty({ format: 'date-time', description: 'When the milestone was first recorded' })
  recordedAt!: string;
}

/** A milestone on a mutual's timeline: with who recorded it, its source, its last correction. */
export class TimelineMilestone extends MilestoneEntry {
  @ApiProperty({ type: RecordedByResponse, nullable: true, description: 'Who first recorded it' })
  recordedBy!: RecordedByResponse | null;

  @ApiPropertyOptional({
    description: 'Where the values shown came from, as recorded with them (a correction without a source has none)',
    example: { kind: 'interview', reference: 'Wave 2, director' },
  })
  source?: Record<string, unknown>;

  @ApiPropertyOptional({ type: TimelineCorrection, description: 'The last correction of the values shown' })
  correction?: TimelineCorrection;

  @ApiPropertyOptional({
    description:
      'Present when its partial date may or may not fall on the asked side of trueOn, or inside from..to: "2016" against trueOn=2016-06-01',
  })
  uncertain?: true;

  @ApiPropertyOptional({ example: '2016 may fall after 2016-06-01' })
  uncertainBecause?: string;
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

  @ApiProperty({
    type: [TimelineMilestone],
    description:
      'This page, in the order they happened (by the first day each date could denote; vaguer dates first on a tie, then as recorded)',
  })
  milestones!: TimelineMilestone[];

  @ApiPropertyOptional({
    example: '/api/v1/mutuals/3f1c7a52-8d2e-4b8a-9c3d-2e1f0a9b8c7d/timeline?limit=100&cursor=WyIyMDE0LTA0LTAxOjEiLCIzIiwiNmIxZCJd',
    description: 'The next page, with the same filters; absent on the last page',
  })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}
