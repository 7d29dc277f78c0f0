import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class ScheduleWaveRequest {
  @ApiProperty({ example: 1, minimum: 1, description: 'Waves of a case are numbered 1, 2, 3... in order; a cancelled wave gives its number back' })
  waveNumber!: number;

  @ApiProperty({ example: '2027-01-11', format: 'date', description: 'First day of the interview window' })
  opensOn!: string;

  @ApiProperty({ example: '2027-02-26', format: 'date', description: "Last day of the interview window; windows of a case's waves never overlap" })
  closesOn!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, description: 'Contacts of the case to remind by email; each must consent to contact' })
  remindContactIds?: string[];

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-04T09:00:00Z', description: 'When to remind them; by default 09:00 UTC a week before the window opens' })
  remindAt?: string;
}

export const SCHEDULE_WAVE_EXAMPLES = {
  'first-wave': { summary: 'The first round of interviews', value: { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26' } },
  'with-reminders': {
    summary: 'A wave whose contacts are reminded by email',
    value: { waveNumber: 2, opensOn: '2028-01-10', closesOn: '2028-02-25', remindContactIds: ['0c9e8f7a-6b5d-4c3e-9f2a-1b0c9d8e7f6a'], remindAt: '2028-01-03T09:00:00Z' },
  },
};
