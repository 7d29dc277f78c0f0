import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { formatPosition } from '@casebook/event-store';
import { etagFor } from '../../http/if-match.js';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { MutualAccess } from '../mutual-access.js';
import { MUTUAL_ID } from '../mutual-id.param.js';
import { WriteResponse } from '../write-response.dto.js';
import { ScheduleInterviewWave } from './schedule-interview-wave.command.js';
import { ScheduleInterviewWaveRequest } from './schedule-interview-wave.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('interview waves')
@Controller('api/v1/mutuals/:mutualId/interview-waves')
export class ScheduleInterviewWaveController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: MutualAccess,
  ) {}

  @Post()
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the first answer and records nothing twice' })
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule the next interview wave; its contact is reminded by email' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; refused (409) if the mutual has changed since' })
  @ApiCreatedResponse({ type: WriteResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiNotFoundResponse({ description: 'No mutual has this id' })
  @ApiConflictResponse({ description: 'Stale If-Match, or a wave number out of sequence' })
  async schedule(
    @Param('mutualId', MUTUAL_ID) mutualId: string,
    @Body() body: ScheduleInterviewWaveRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, mutualId);
    const result = await this.commands.execute(new ScheduleInterviewWave(mutualId, body, context));
    void reply.header('etag', etagFor(result.version));
    return { id: result.waveId, version: result.version, position: formatPosition(result.position!) };
  }
}
