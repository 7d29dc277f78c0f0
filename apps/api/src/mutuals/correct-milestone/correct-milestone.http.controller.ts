import { ApiIfMatch } from '../../http/if-match.js';
import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { MutualAccess } from '../mutual-access.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CorrectMilestone, RetractMilestone } from './correct-milestone.command.js';

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
  @ApiOperation({ summary: 'Correct a milestone: its full new values and a reason. The earlier version stays in the history.' })
  @ApiIfMatch()
  @ApiBody({
    schema: { type: 'object', required: ['reason', 'occurredOn'], additionalProperties: true },
    examples: {
      'spun-out': { value: { occurredOn: '2011-04-01', parentBody: 'Riverside Primary Care Trust', reason: 'The annual report gives the exact day' } },
      'contract-lost': { value: { occurredOn: '2019-03', commissioner: 'Riverside CCG', endsOn: '2019-09', reason: 'Retendered', correctionReason: 'Wrong month first recorded' } },
    },
  })
  @ApiOkResponse({ type: WriteResponse })
  @ApiNotFoundResponse({ description: 'No such mutual or milestone' })
  @ApiConflictResponse({ description: 'Stale If-Match, a retracted milestone, or values unchanged' })
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
