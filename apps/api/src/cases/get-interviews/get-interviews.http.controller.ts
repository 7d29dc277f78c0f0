import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS, NotFound } from '@casebook/domain';
import { InterviewRecord, WaveProgress } from '@casebook/read-models';
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

  @ApiProperty()
  interviewer!: string;

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
    return rows.map((row) => ({
      interviewId: row.interviewId,
      role: row.role,
      interviewedOn: row.interviewedOn,
      interviewer: row.interviewer,
      consent: row.consent,
      ...(row.transcriptReference !== null && { transcriptReference: row.transcriptReference }),
      ...(row.contactId !== null && { contactId: row.contactId }),
    }));
  }
}
