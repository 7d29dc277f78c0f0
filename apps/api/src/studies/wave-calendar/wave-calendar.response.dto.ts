import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WAVE_CALENDAR_STATES } from '@casebook/domain';

export class WaveCalendarEntry {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiPropertyOptional({ example: 'Riverside Community Health CIC', description: 'Absent until the mutual is in the read models' })
  mutualName?: string;

  @ApiProperty({ format: 'uuid' })
  waveId!: string;

  @ApiProperty({ example: 2 })
  waveNumber!: number;

  @ApiProperty({ format: 'date', example: '2027-01-11', description: 'First day of the interview window' })
  opensOn!: string;

  @ApiProperty({ format: 'date', example: '2027-02-26', description: 'Last day of the interview window' })
  closesOn!: string;

  @ApiProperty({
    enum: WAVE_CALENDAR_STATES,
    description: "The wave's lifecycle status, or `overdue` when it is still scheduled or in progress after its window closed",
  })
  state!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 12,
    description: 'Days from today until the window opens (0: it opens today); null once it has opened',
  })
  daysUntilOpening!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'Days since the window closed, while overdue; null otherwise' })
  daysOverdue!: number | null;

  @ApiProperty({ example: 0 })
  interviewCount!: number;
}

export class WaveCalendarResponse {
  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-12-31',
    description: "Today in the study's time zone, which the states and day counts are of",
  })
  today!: string;

  @ApiProperty({ example: 'Europe/London', description: "The study's time zone; UTC when it has none" })
  timeZone!: string;

  @ApiProperty({
    type: [WaveCalendarEntry],
    description: 'This page, by the day each window opens, then case, then wave',
  })
  entries!: WaveCalendarEntry[];

  @ApiPropertyOptional({
    example: '/api/v1/studies/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d/wave-calendar?state=overdue&limit=50&cursor=WyIyMDI3LTAxLTExIl0',
    description: 'The next page, with the same filters; absent on the last page',
  })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}
