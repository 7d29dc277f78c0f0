import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StudyVersionResponse {
  @ApiProperty({ example: 2, description: 'The study version this change made (its ETag)' })
  version!: number;

  @ApiProperty({ enum: ['created', 'changed'] })
  change!: 'created' | 'changed';

  @ApiProperty({
    example: { endsOn: '2020-06-30' },
    description:
      'When created, every detail given (title, startsOn, endsOn, aims, timeZone); afterwards only the details this change gave new values',
  })
  details!: Record<string, string>;

  @ApiPropertyOptional({ example: 'The funder extended the study by three months' })
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The account that made the change' })
  recordedBy?: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class StudyHistoryResponse {
  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ type: [StudyVersionResponse], description: 'Oldest first; as far as the read models have reached' })
  versions!: StudyVersionResponse[];
}
