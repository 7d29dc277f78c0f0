import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS, NotFound } from '@casebook/domain';
import { InterviewRecord, WaveProgress } from '@casebook/read-models';
import { AccountDirectory } from '../../accounts/account-directory.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { CaseAccess } from '../case-access.js';

export class InterviewResponse {
  @ApiProperty({ format: 'uuid' })
  interviewId!: string;

  @ApiProperty({ enum: CASE_INTERVIEW_ROLES })
  role!: string;

  @ApiProperty({ format: 'date' })
  interviewedOn!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff account that held the interview; null for records from before interviewers were accounts' })
  interviewerAccountId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The interviewer's display name from the account directory; null when unknown or erased" })
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

@ApiBearerAuth()
@ApiTags('interview waves')
@Controller('api/v1/cases/:caseId/waves/:waveId/interviews')
export class GetInterviewsController {
  constructor(
    @InjectRepository(WaveProgress) private readonly waves: Repository<WaveProgress>,
    @InjectRepository(InterviewRecord) private readonly interviews: Repository<InterviewRecord>,
    private readonly access: CaseAccess,
    private readonly directory: AccountDirectory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The interviews held in a wave, in the order they took place' })
  @ApiOkResponse({ type: [InterviewResponse] })
  @ApiForbiddenResponse({ description: "Not a member of the case's study" })
  @ApiNotFoundResponse({ description: 'No such case, or no such wave of it (or not yet in the read models)' })
  async list(@Param('caseId', UUID_PARAM) caseId: string, @Param('waveId', UUID_PARAM) waveId: string, @Context() context: RequestContext): Promise<InterviewResponse[]> {
    await this.access.assertCanRead(context, caseId);
    if (!(await this.waves.existsBy({ waveId, caseId }))) throw new NotFound('wave', waveId);
    const rows = await this.interviews.find({ where: { waveId }, order: { interviewedOn: 'ASC', interviewId: 'ASC' } });
    const names = await this.directory.displayNames(rows.flatMap((row) => [row.interviewerAccountId, row.recordedBy]));
    const nameOf = (accountId: string | null) => (accountId === null ? null : (names.get(accountId) ?? null));
    return rows.map((row) => ({
      interviewId: row.interviewId,
      role: row.role,
      interviewedOn: row.interviewedOn,
      interviewerAccountId: row.interviewerAccountId,
      interviewerName: nameOf(row.interviewerAccountId),
      recordedBy: row.recordedBy,
      recordedByName: nameOf(row.recordedBy),
      consent: row.consent,
      ...(row.transcriptReference !== null && { transcriptReference: row.transcriptReference }),
      ...(row.contactId !== null && { contactId: row.contactId }),
    }));
  }
}
