import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WAVE_STATUSES } from '@casebook/domain';

const EXAMPLE_CONTACTS = ['7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', '0c9e8f7a-6b5d-4c3e-9f2a-1b0c9d8e7f6a'];

/**
 * What became of the wave's reminders, by contact: a contact counts once however many reminders
 * they were sent, and may be in more than one list (reminded, then a later reminder failed; or
 * reminded, then opted out).
 */
export class WaveRemindersResponse {
  @ApiProperty({ example: 3, description: 'Contacts the wave was scheduled to remind' })
  namedCount!: number;

  @ApiProperty({ example: 2, description: 'Contacts sent at least one of its reminders' })
  remindedCount!: number;

  @ApiProperty({ example: 1, description: 'Contacts to whom at least one of its reminders failed for good' })
  failedCount!: number;

  @ApiProperty({ example: 1, description: 'Contacts it named who have opted out (and not consented again since)' })
  optedOutCount!: number;

  @ApiProperty({ type: [String], format: 'uuid', example: EXAMPLE_CONTACTS, description: 'The reminded contacts, by id' })
  reminded!: string[];

  @ApiProperty({ type: [String], format: 'uuid', example: EXAMPLE_CONTACTS.slice(1), description: 'The failed contacts, by id' })
  failed!: string[];

  @ApiProperty({ type: [String], format: 'uuid', example: EXAMPLE_CONTACTS.slice(0, 1), description: 'The opted-out contacts, by id' })
  optedOut!: string[];
}

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

  @ApiProperty({ type: WaveRemindersResponse })
  reminders!: WaveRemindersResponse;

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
