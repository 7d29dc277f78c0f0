import { ApiIfMatch } from '../../http/if-match.js';
import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CaseAccess } from '../case-access.js';
import { RescheduleWave } from './reschedule-wave.command.js';

export class WaveWindowRequest {
  @ApiProperty({ example: '2027-02-01', format: 'date' })
  opensOn!: string;

  @ApiProperty({ example: '2027-03-31', format: 'date' })
  closesOn!: string;
}

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('interview waves')
@Controller('api/v1/cases/:caseId/waves/:waveId/window')
export class RescheduleWaveController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Put()
  @Idempotent()
  @ApiOperation({ summary: "Move an open wave's interview window; interviews already held must stay inside it" })
  @ApiIfMatch()
  @ApiBody({ type: WaveWindowRequest, examples: { later: { value: { opensOn: '2027-02-01', closesOn: '2027-03-31' } } } })
  @ApiOkResponse({ type: WriteResponse, description: 'Moved; the same window again records nothing and has an empty position' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
  @ApiNotFoundResponse({ description: 'No such case or wave' })
  @ApiConflictResponse({
    description: "Stale If-Match, or a rule: outside-study-period (the window must lie inside the study's period, which the detail names), overlapping-window, outside-window, wave-closed",
  })
  async reschedule(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: WaveWindowRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new RescheduleWave(caseId, waveId, body, context));
    return answerWrite(reply, waveId, result);
  }
}
