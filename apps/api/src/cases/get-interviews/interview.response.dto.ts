import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS } from '@casebook/domain';

export class InterviewResponse {
  @ApiProperty({ format: 'uuid' })
  interviewId!: string;

  @ApiProperty({ enum: CASE_INTERVIEW_ROLES })
  role!: string;

  @ApiProperty({ format: 'date' })
  interviewedOn!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff account that held the interview; null for records from before interviewers were accounts',
  })
  interviewerAccountId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The interviewer's display name from the account directory; null when unknown or erased",
  })
  interviewerName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The account that recorded the interview' })
  recordedBy!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The recorder's display name; null when unknown or erased" })
  recordedByName!: string | null;

  @ApiProperty({ enum: INTERVIEW_CONSENTS })
  consent!: string;

  @ApiPropertyOptional()
  transcriptReference?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  contactId?: string;
}
