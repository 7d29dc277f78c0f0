import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseSummary } from '@casebook/read-models';
import { EMPLOYEE_BANDS, LEGAL_FORMS, REGIONS, SERVICE_AREAS, STAGES_OF_DEVELOPMENT, TURNOVER_BANDS } from '@casebook/domain';

/** Why the case was selected, as recorded at enrolment. */
export class CaseSelectionDto {
  @ApiProperty({ enum: SERVICE_AREAS, isArray: true, minItems: 1, example: ['health-and-social-care'] })
  serviceAreas!: string[];

  @ApiProperty({
    enum: STAGES_OF_DEVELOPMENT,
    example: 'established',
    description: 'Whole years since spin-out: early 0-2, developing 3-5, established 6+',
  })
  stageOfDevelopment!: string;

  @ApiPropertyOptional({
    enum: TURNOVER_BANDS,
    nullable: true,
    example: '5m-20m',
    description:
      'Annual turnover in pounds. Either size band, or both, may be unknown: an absent band is kept absent (null when read), never defaulted',
  })
  turnoverBand?: string | null;

  @ApiPropertyOptional({
    enum: EMPLOYEE_BANDS,
    nullable: true,
    example: '250-999',
    description: 'Head count. May be absent like turnoverBand; null when read',
  })
  employeeBand?: string | null;

  @ApiProperty({ enum: REGIONS, example: 'north-west' })
  region!: string;

  @ApiProperty({ enum: LEGAL_FORMS, example: 'community-interest-company' })
  legalForm!: string;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ format: 'uuid' })
  studyId!: string;

  @ApiProperty({ format: 'uuid' })
  mutualId!: string;

  @ApiPropertyOptional({ description: 'Absent until the mutual is in the read models' })
  mutualName?: string;

  @ApiProperty({ type: CaseSelectionDto })
  selection!: Record<string, unknown>;

  @ApiProperty({ enum: ['active', 'withdrawn'] })
  status!: 'active' | 'withdrawn';

  @ApiPropertyOptional({ format: 'uuid', description: 'The case of an earlier study that this one revisits' })
  earlierCaseId?: string;

  @ApiPropertyOptional()
  withdrawnReason?: string;

  @ApiPropertyOptional({ format: 'date', example: '2020-03-20', description: 'The day the case was withdrawn' })
  withdrawnOn?: string;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ description: 'Version of the case these read models reflect; send it as If-Match' })
  version!: number;
}

export function caseResponse(row: CaseSummary, mutualName: string | undefined): CaseResponse {
  return {
    caseId: row.caseId,
    studyId: row.studyId,
    mutualId: row.mutualId,
    ...(mutualName !== undefined && { mutualName }),
    selection: row.selection,
    status: row.status,
    ...(row.earlierCaseId !== null && { earlierCaseId: row.earlierCaseId }),
    ...(row.withdrawnReason !== null && { withdrawnReason: row.withdrawnReason }),
    ...(row.withdrawnOn !== null && { withdrawnOn: row.withdrawnOn }),
    enrolledAt: row.enrolledAt.toISOString(),
    version: row.version,
  };
}
