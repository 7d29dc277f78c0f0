import { ApiIfMatch } from '../../http/if-match.js';
import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { MutualAccess } from '../mutual-access.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { END_RULE } from '../record-milestone/record-milestone.request.dto.js';
import { CorrectMilestone, RetractMilestone } from './correct-milestone.command.js';
import { CORRECTION_BODY_SCHEMA, CORRECTION_EXAMPLES } from './correct-milestone.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('milestones')
@Controller('api/v1/mutuals/:mutualId/milestones/:milestoneId')
export class CorrectMilestoneController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: MutualAccess,
  ) {}

  @Put()
  @Idempotent()
  @ApiOperation({
    summary: 'Correct a milestone: its date and full new values in `values`, and why in `reason`. The earlier version stays in the history.',
    description: `The body is the same for every kind: \`{ "occurredOn": ..., "values": { ...the milestone's own fields }, "reason": "why corrected", "source": {...} }\`. A correction obeys the end rule like a new milestone. ${END_RULE}`,
  })
  @ApiIfMatch()
  @ApiBody({ schema: CORRECTION_BODY_SCHEMA as Record<string, unknown>, examples: CORRECTION_EXAMPLES })
  @ApiOkResponse({ type: WriteResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field (`values.<field>` for the milestone\'s own) and rule; `in-values` for a milestone field sent outside `values`' })
  @ApiNotFoundResponse({ description: 'No such mutual or milestone' })
  @ApiConflictResponse({ description: 'Stale If-Match, a retracted milestone, values unchanged, or `after-end`' })
  async correct(
    @Param('mutualId', UUID_PARAM) mutualId: string,
    @Param('milestoneId', UUID_PARAM) milestoneId: string,
    @Body() body: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, mutualId);
    return answerWrite(reply, milestoneId, await this.commands.execute(new CorrectMilestone(mutualId, milestoneId, body, context)));
  }

  @Post('retraction')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Retract a milestone that should not have been recorded, with a reason' })
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }, examples: { retract: { value: { reason: 'Recorded against the wrong mutual' } } } })
  @ApiOkResponse({ type: WriteResponse })
  async retract(
    @Param('mutualId', UUID_PARAM) mutualId: string,
    @Param('milestoneId', UUID_PARAM) milestoneId: string,
    @Body() body: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, mutualId);
    return answerWrite(reply, milestoneId, await this.commands.execute(new RetractMilestone(mutualId, milestoneId, body, context)));
  }
}
