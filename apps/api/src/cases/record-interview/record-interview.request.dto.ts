import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS, SOURCE_KINDS } from '@casebook/domain';

export class SourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  kind!: string;

  @ApiPropertyOptional({ description: 'A document title, a transcript id, a page', maxLength: 500 })
  reference?: string;

  @ApiPropertyOptional({ description: 'Required when kind is url' })
  url?: string;
}

/** Documents the request for OpenAPI; the rules themselves live in the domain. */
export class RecordInterviewRequest {
  @ApiProperty({ enum: CASE_INTERVIEW_ROLES, example: 'director' })
  role!: string;

  @ApiProperty({ format: 'date', example: '2027-01-20', description: "Inside the wave's window, and not in the future" })
  interviewedOn!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The staff account that held the interview; by default the account recording it. Names are never sent: they are the accounts' personal data",
  })
  interviewerAccountId?: string;

  @ApiProperty({ enum: INTERVIEW_CONSENTS, example: 'given' })
  consent!: string;

  @ApiPropertyOptional({ example: 'T-2027-014', maxLength: 500 })
  transcriptReference?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The contact of the case interviewed, when the person is one' })
  contactId?: string;

  @ApiPropertyOptional({ type: SourceDto, description: "Where the record comes from; kept in the event's metadata" })
  source?: SourceDto;
}

export const RECORD_INTERVIEW_EXAMPLES = {
  director: {
    summary: 'An interview with the managing director',
    value: {
      role: 'director',
      interviewedOn: '2027-01-20',
      consent: 'given',
      transcriptReference: 'T-2027-014',
      source: { kind: 'document', reference: 'Field notes, January 2027' },
    },
  },
};
