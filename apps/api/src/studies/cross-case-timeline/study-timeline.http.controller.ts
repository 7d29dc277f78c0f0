import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CaseSummary } from '@casebook/read-models';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { StudyAccess } from '../study-access.js';
import { GetCrossCaseTimeline } from './cross-case-timeline.query.js';
import { StudyTimelineResponse } from './cross-case-timeline.response.dto.js';

@ApiBearerAuth()
@ApiTags('studies')
@Controller('api/v1/studies/:studyId/timeline')
export class StudyTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: StudyAccess,
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The milestones of every mutual enrolled in the study, on one timeline in the order they happened' })
  @ApiOkResponse({ type: StudyTimelineResponse })
  @ApiForbiddenResponse({ description: 'Not a member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id' })
  async timeline(@Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext): Promise<StudyTimelineResponse> {
    await this.access.assertCanRead(context, studyId);
    // Withdrawn cases stay: what happened to the mutual while it was followed is still evidence.
    const cases = await this.cases.find({ where: { studyId }, select: { mutualId: true } });
    const milestones = await this.queries.execute(new GetCrossCaseTimeline({ mutualIds: cases.map((c) => c.mutualId) }));
    return { studyId, milestones };
  }
}
