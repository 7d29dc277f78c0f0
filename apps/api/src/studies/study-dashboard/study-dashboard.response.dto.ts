import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_INTERVIEW_ROLES,
  EMPLOYEE_BANDS,
  LEGAL_FORMS,
  MUTUAL_STATUSES,
  REGIONS,
  SERVICE_AREAS,
  STAGES_OF_DEVELOPMENT,
  TURNOVER_BANDS,
} from '@casebook/domain';
import { ProfileContractEnd, ProfileStaffing, ProfileTurnover, YearsRange } from '../../mutuals/get-profile/profile.response.dto.js';

export class DashboardWaves {
  @ApiProperty({ example: 3, description: 'Waves scheduled for the case, whatever became of them' }) total!: number;
  @ApiProperty({ example: 1, description: 'Not yet begun' }) scheduled!: number;
  @ApiProperty({ example: 1 }) inProgress!: number;
  @ApiProperty({ example: 1, description: 'Completed, signed off or not' }) completed!: number;
  @ApiProperty({ example: 0 }) skipped!: number;
  @ApiProperty({ example: 0 }) cancelled!: number;
  @ApiProperty({ example: 0, description: 'Still open after their window closed (today, UTC)' }) overdue!: number;
}

export class DashboardSize {
  @ApiPropertyOptional({ enum: TURNOVER_BANDS }) turnoverBand?: string;
  @ApiPropertyOptional({ enum: EMPLOYEE_BANDS }) employeeBand?: string;
}

/** One case of a study, as its dashboard shows it today. */
export class DashboardRow {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) mutualId!: string;
  @ApiProperty({ example: 'Riverside Community Health CIC' }) mutualName!: string;
  @ApiProperty({ enum: ['active', 'withdrawn'], description: 'Of the case in the study' }) caseStatus!: string;
  @ApiProperty({ enum: SERVICE_AREAS, isArray: true, description: 'As selected' }) serviceAreas!: string[];
  @ApiProperty({ enum: REGIONS, description: 'As selected' }) region!: string;
  @ApiProperty({ type: DashboardSize, description: 'The size bands the case was selected by' }) sizeBand!: DashboardSize;

  @ApiProperty({ enum: STAGES_OF_DEVELOPMENT, description: 'As selected' })
  stageAtSelection!: string;

  @ApiPropertyOptional({ enum: STAGES_OF_DEVELOPMENT, description: 'Today, from the years since spin-out' })
  stageOfDevelopment?: string;

  @ApiPropertyOptional({ type: YearsRange }) yearsSinceSpinOut?: YearsRange;
  @ApiProperty({ enum: MUTUAL_STATUSES, description: 'Of the mutual today' }) status!: string;
  @ApiPropertyOptional({ enum: LEGAL_FORMS, description: 'Today: the last governance change, else as registered' }) legalForm?: string;
  @ApiProperty({ example: 2 }) activeContracts!: number;
  @ApiProperty({ example: 1200000 }) annualContractValueGbp!: number;
  @ApiPropertyOptional({ type: ProfileContractEnd, description: 'The active contract to expire next' })
  nextContractEnd?: ProfileContractEnd;
  @ApiPropertyOptional({ type: ProfileStaffing }) staffing?: ProfileStaffing;
  @ApiPropertyOptional({ type: ProfileTurnover }) turnover?: ProfileTurnover;
  @ApiProperty({ type: DashboardWaves }) waves!: DashboardWaves;

  @ApiProperty({
    description: 'Interviews recorded, by the interviewee’s role; every role is present',
    example: Object.fromEntries(CASE_INTERVIEW_ROLES.map((role, i) => [role, i < 3 ? 2 - i : 0])),
  })
  interviewsByRole!: Record<string, number>;

  @ApiProperty({ example: 0, description: 'Milestones not applied today because their partial dates span it (see the profile)' })
  uncertainMilestones!: number;
}

export class StudyDashboardResponse {
  @ApiProperty({ format: 'uuid' }) studyId!: string;
  @ApiProperty({ example: '2026-12-03', description: 'The day the profiles and overdue waves are worked out for (UTC)' }) today!: string;
  @ApiProperty({ type: [DashboardRow], description: 'This page of cases, in the order they were enrolled' }) cases!: DashboardRow[];

  @ApiPropertyOptional({
    example: '/api/v1/studies/5b0e.../dashboard?limit=50&cursor=WyIyMDI2LTAx...',
    description: 'The next page; absent on the last',
  })
  next?: string;

  @ApiPropertyOptional() nextCursor?: string;
}
