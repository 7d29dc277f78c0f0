import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WaveContact {
  @ApiProperty({ example: 'Sam Patel' })
  name!: string;

  @ApiProperty({ example: 'sam.patel@example.org', format: 'email' })
  email!: string;
}

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class ScheduleInterviewWaveRequest {
  @ApiProperty({ example: 1, minimum: 1, description: 'Waves of a mutual are numbered 1, 2, 3... in order' })
  waveNumber!: number;

  @ApiProperty({ example: '2027-01-11', format: 'date', description: 'First day of the interview window' })
  opensOn!: string;

  @ApiProperty({ example: '2027-02-26', format: 'date', description: 'Last day of the interview window' })
  closesOn!: string;

  @ApiProperty({ type: WaveContact, description: 'The case contact who is reminded by email' })
  contact!: WaveContact;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2027-01-04T09:00:00Z',
    description: 'When to send the reminder; by default 09:00 UTC a week before the window opens',
  })
  remindAt?: string;
}
