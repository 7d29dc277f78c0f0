import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StudySummary } from '@casebook/read-models';

export class StudyResponse {
  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ example: 'Public Service Mutuals: the first decade' })
  title!: string;

  @ApiProperty({ format: 'date', example: '2025-01-06' })
  startsOn!: string;

  @ApiProperty({ format: 'date', example: '2028-03-31' })
  endsOn!: string;

  @ApiPropertyOptional()
  aims?: string;

  @ApiPropertyOptional({ example: 'Europe/London', description: 'IANA time zone of the study, when one was given' })
  timeZone?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Version of the study these read models reflect; also sent as the ETag' })
  version!: number;
}

export function studyResponse(study: StudySummary): StudyResponse {
  return {
    studyId: study.studyId,
    title: study.title,
    startsOn: study.startsOn,
    endsOn: study.endsOn,
    ...(study.aims !== null && { aims: study.aims }),
    ...(study.timeZone !== null && { timeZone: study.timeZone }),
    createdAt: study.createdAt.toISOString(),
    version: study.version,
  };
}
