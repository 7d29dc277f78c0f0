import { ApiIfMatch } from '../../http/if-match.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { MutualAccess } from '../mutual-access.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { RecordMilestone } from './record-milestone.command.js';
import { END_RULE, MILESTONE_EXAMPLES, RecordMilestoneRequest } from './record-milestone.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('mutuals')
@Controller('api/v1/mutuals/:mutualId/milestones')
export class RecordMilestoneController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: MutualAccess,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: "Record a milestone in a mutual's history", description: END_RULE })
  @ApiIfMatch()
  @ApiBody({ type: RecordMilestoneRequest, examples: MILESTONE_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiNotFoundResponse({ description: 'No mutual has this id' })
  @ApiConflictResponse({ description: 'Stale If-Match (with `currentVersion`), or a rule of the record: `already-spun-out`, `after-end` (see the end rule above)' })
  async record(
    @Param('mutualId', UUID_PARAM) mutualId: string,
    @Body() body: RecordMilestoneRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, mutualId);
    const result = await this.commands.execute(new RecordMilestone(mutualId, body, context));
    return answerWrite(reply, result.milestoneId, result);
  }
}
