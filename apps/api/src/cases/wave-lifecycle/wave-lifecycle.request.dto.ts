import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WaveReasonRequest {
  @ApiProperty({ maxLength: 2000, example: 'The mutual is restructuring; no interviews this round' })
  reason!: string;
}

export class SignOffWaveRequest {
  @ApiPropertyOptional({ maxLength: 4000, example: 'Transcripts checked against the recordings' })
  note?: string;
}
