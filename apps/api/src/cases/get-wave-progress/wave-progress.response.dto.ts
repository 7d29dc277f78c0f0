import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WAVE_STATUSES } from '@casebook/domain';

export class WaveProgressResponse {
  @ApiProperty({ format: 'uuid' })
  waveId!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiPropertyOptional({ description: 'Absent until the mutual is in the read models' })
  mutualName?: string;

  @ApiProperty({ example: 1 })
  waveNumber!: number;

  @ApiProperty({ format: 'date', example: '2027-01-11' })
  opensOn!: string;

  @ApiProperty({ format: 'date', example: '2027-02-26' })
  closesOn!: string;

  @ApiProperty({ enum: WAVE_STATUSES })
  status!: string;

  @ApiProperty({ description: 'The window closed before today while the wave is still scheduled or in progress' })
  overdue!: boolean;

  @ApiProperty({ example: 3 })
  interviewCount!: number;

  @ApiPropertyOptional({ format: 'date', example: '2019-03-29', description: 'The day the wave was completed' })
  completedOn?: string;

  @ApiPropertyOptional({ format: 'date', example: '2019-06-03', description: 'The day the wave was skipped' })
  skippedOn?: string;

  @ApiPropertyOptional({ format: 'date', example: '2020-03-16', description: 'The day the wave was cancelled' })
  cancelledOn?: string;

  @ApiPropertyOptional({ format: 'date', example: '2019-04-01', description: 'The day the wave was signed off' })
  signedOffOn?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the sign-off was recorded' })
  signedOffAt?: string;

  @ApiPropertyOptional()
  skippedReason?: string;

  @ApiPropertyOptional()
  cancelledReason?: string;
}
