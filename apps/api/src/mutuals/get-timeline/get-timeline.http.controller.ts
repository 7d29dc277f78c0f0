import { UUID_PARAM } from '../../http/uuid-param.js';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Context, type RequestContext } from '../../http/request-context.js';
import { MutualAccess } from '../mutual-access.js';
import { GetTimeline } from './get-timeline.query.js';
import { TimelineResponse } from './timeline.response.dto.js';

@ApiBearerAuth()
@ApiTags('mutuals')
@Controller('api/v1/mutuals/:mutualId/timeline')
export class GetTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MutualAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: "A mutual's milestones in the order they happened" })
  @ApiOkResponse({ type: TimelineResponse })
  @ApiNotFoundResponse({ description: 'No mutual has this id (or it is not yet in the read models)' })
  async timeline(@Param('mutualId', UUID_PARAM) mutualId: string, @Context() context: RequestContext): Promise<TimelineResponse> {
    await this.access.assertCanRead(context, mutualId);
    return this.queries.execute(new GetTimeline(mutualId));
  }
}
