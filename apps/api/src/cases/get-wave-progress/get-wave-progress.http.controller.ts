import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { StudyAccess } from '../../studies/study-access.js';
import { CaseAccess } from '../case-access.js';
import { GetWaveProgress } from './get-wave-progress.query.js';
import { WaveProgressResponse } from './wave-progress.response.dto.js';

@ApiBearerAuth()
@ApiTags('interview waves')
@ApiOkResponse({ type: [WaveProgressResponse] })
@Controller('api/v1')
export class GetWaveProgressController {
  constructor(
    private readonly queries: QueryBus,
    private readonly studyAccess: StudyAccess,
    private readonly caseAccess: CaseAccess,
  ) {}

  @Get('studies/:studyId/waves')
  @ApiOperation({ summary: "Where every interview wave of the study's cases stands, in window order, with overdue ones flagged" })
  @ApiForbiddenResponse({ description: 'Not a member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id' })
  async forStudy(@Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext): Promise<WaveProgressResponse[]> {
    await this.studyAccess.assertCanRead(context, studyId);
    return this.queries.execute(new GetWaveProgress({ studyId }));
  }

  @Get('cases/:caseId/waves')
  @ApiOperation({ summary: "Where each interview wave of the case stands, in window order, with overdue ones flagged" })
  @ApiForbiddenResponse({ description: "Not a member of the case's study" })
  @ApiNotFoundResponse({ description: 'No case has this id' })
  async forCase(@Param('caseId', UUID_PARAM) caseId: string, @Context() context: RequestContext): Promise<WaveProgressResponse[]> {
    await this.caseAccess.assertCanRead(context, caseId);
    return this.queries.execute(new GetWaveProgress({ caseId }));
  }
}
