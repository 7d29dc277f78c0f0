import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseSummary } from '@casebook/read-models';
import { CaseSelectionDto } from '../enrol-case/enrol-case.request.dto.js';

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
