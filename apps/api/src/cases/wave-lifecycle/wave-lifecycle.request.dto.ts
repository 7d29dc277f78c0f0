import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const OCCURRED_ON = {
  format: 'date',
  example: '2020-03-16',
  description:
    'The day it happened, which may be long before it is recorded; by default today (UTC). Never in the future. ' +
    'A completion or sign-off is not before the wave opens, nor a sign-off before the completion or skip.',
};

export class CompleteWaveRequest {
  @ApiPropertyOptional(OCCURRED_ON)
  occurredOn?: string;
}

export class WaveReasonRequest {
  @ApiProperty({ maxLength: 2000, example: 'The mutual is restructuring; no interviews this round' })
  reason!: string;

  @ApiPropertyOptional({ ...OCCURRED_ON, description: 'The day it happened; by default today (UTC), never in the future. May precede the window.' })
  occurredOn?: string;
}

export class SignOffWaveRequest {
  @ApiPropertyOptional({ maxLength: 4000, example: 'Transcripts checked against the recordings' })
  note?: string;

  @ApiPropertyOptional(OCCURRED_ON)
  occurredOn?: string;
}

export class WaveWindowRequest {
  @ApiProperty({ example: '2027-02-01', format: 'date' })
  opensOn!: string;

  @ApiProperty({ example: '2027-03-31', format: 'date' })
  closesOn!: string;
}

export class WithdrawCaseRequest {
  @ApiProperty({ maxLength: 2000, example: 'The board declined to take part further' })
  reason!: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2020-03-20',
    description: 'The day the case was withdrawn; by default today (UTC), never in the future. Its open waves are cancelled on that day.',
  })
  occurredOn?: string;
}
