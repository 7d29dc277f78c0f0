import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { In, type Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { CaseSummary, MutualSummary } from '@casebook/read-models';
import { etagFor } from '../../http/if-match.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { StudyAccess } from '../../studies/study-access.js';
import { CaseAccess } from '../case-access.js';
import { CaseResponse, caseResponse } from './case.response.dto.js';

@ApiBearerAuth()
@ApiTags('cases')
@Controller('api/v1')
export class GetCasesController {
  constructor(
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    private readonly studyAccess: StudyAccess,
    private readonly caseAccess: CaseAccess,
  ) {}

  @Get('studies/:studyId/cases')
  @ApiOperation({ summary: 'The cases of a study, in the order they were enrolled, withdrawn ones included' })
  @ApiOkResponse({ type: [CaseResponse] })
  @ApiForbiddenResponse({ description: 'Not a member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id' })
  async list(@Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext): Promise<CaseResponse[]> {
    await this.studyAccess.assertCanRead(context, studyId);
    const rows = await this.cases.find({ where: { studyId }, order: { enrolledAt: 'ASC', caseId: 'ASC' } });
    const names = await this.mutualNames(rows.map((row) => row.mutualId));
    return rows.map((row) => caseResponse(row, names.get(row.mutualId)));
  }

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'One case' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiForbiddenResponse({ description: "Not a member of the case's study" })
  @ApiNotFoundResponse({ description: 'No case has this id (or it is not yet in the read models)' })
  async get(@Param('caseId', UUID_PARAM) caseId: string, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseResponse> {
    await this.caseAccess.assertCanRead(context, caseId);
    const row = await this.cases.findOneBy({ caseId });
    if (!row) throw new NotFound('case', caseId);
    const names = await this.mutualNames([row.mutualId]);
    void reply.header('etag', etagFor(row.version));
    return caseResponse(row, names.get(row.mutualId));
  }

  private async mutualNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const mutuals = await this.mutuals.find({ where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(mutuals.map((m) => [m.id, m.name]));
  }
}
