import { ApiIfMatch } from '../../http/if-match.js';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CaseAccess } from '../case-access.js';
import { ScheduleWave } from './schedule-wave.command.js';
import { SCHEDULE_WAVE_EXAMPLES, ScheduleWaveRequest } from './schedule-wave.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('interview waves')
@Controller('api/v1/cases/:caseId/waves')
export class ScheduleWaveController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule the next interview wave of a case' })
  @ApiIfMatch()
  @ApiBody({ type: ScheduleWaveRequest, examples: SCHEDULE_WAVE_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResponse, description: 'Scheduled; `id` is the wave id and the ETag the case version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
  @ApiNotFoundResponse({ description: 'No case has this id' })
  @ApiConflictResponse({
    description:
      "Stale If-Match, or a rule: outside-study-period (the window must lie inside the study's period, which the detail names), wave-sequence, overlapping-window, unknown-contact, contact-unavailable, withdrawn",
  })
  async schedule(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Body() body: ScheduleWaveRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ScheduleWave(caseId, body, context));
    return answerWrite(reply, result.waveId, result);
  }
}
