// How a wave ends: completed once interviews are held, skipped before any, cancelled at any
// point while open; a completed or skipped wave is then signed off. Each outcome may name the
// day it happened (`occurredOn`), so a round called off years ago is recorded as it was.
// The decider holds the rules.
import { ApiIfMatch } from '../../http/if-match.js';
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
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
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type CaseCommand, cancelWaveFromInput, completeWaveFromInput, signOffWaveFromInput, skipWaveFromInput } from '@casebook/domain';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CaseAccess } from '../case-access.js';
import { ChangeCase } from '../change-case.command.js';
import { CompleteWaveRequest, SignOffWaveRequest, WaveReasonRequest } from './wave-lifecycle.request.dto.js';

type WaveCommandReader = (input: unknown, ids: { caseId: string; waveId: string }, now: string) => CaseCommand;

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('interview waves')
@ApiIfMatch()
@ApiOkResponse({ type: WriteResponse })
@ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
@ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
@ApiNotFoundResponse({ description: 'No such case or wave' })
@Controller('api/v1/cases/:caseId/waves/:waveId')
export class WaveLifecycleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Post('completion')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Complete a wave that has interviews' })
  @ApiBody({
    type: CompleteWaveRequest,
    required: false,
    examples: { today: { summary: 'Completed today', value: {} }, earlier: { summary: 'Completed on an earlier day', value: { occurredOn: '2019-03-29' } } },
  })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: no-interviews, wave-closed, before-window-opens' })
  complete(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: CompleteWaveRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.change(completeWaveFromInput, caseId, waveId, body, context, reply);
  }

  @Post('skip')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Skip a wave before any interview is held, with a reason' })
  @ApiBody({
    type: WaveReasonRequest,
    examples: {
      skip: { value: { reason: 'The mutual is restructuring; no interviews this round' } },
      earlier: { summary: 'Skipped on an earlier day', value: { reason: 'The mutual was restructuring', occurredOn: '2019-06-03' } },
    },
  })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: wave-started, wave-closed' })
  skip(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: WaveReasonRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.change(skipWaveFromInput, caseId, waveId, body, context, reply);
  }

  @Post('cancellation')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Cancel an open wave, with a reason; a replacement may take its number' })
  @ApiBody({
    type: WaveReasonRequest,
    examples: {
      cancel: { value: { reason: 'Funding for this round was cut' } },
      'march-2020': { summary: 'Cancelled in March 2020, recorded later', value: { reason: 'Fieldwork stopped by the pandemic', occurredOn: '2020-03-16' } },
    },
  })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: wave-closed' })
  cancel(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: WaveReasonRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.change(cancelWaveFromInput, caseId, waveId, body, context, reply);
  }

  @Post('sign-off')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Sign off a completed or skipped wave' })
  @ApiBody({
    type: SignOffWaveRequest,
    required: false,
    examples: {
      'sign-off': { value: { note: 'Transcripts checked against the recordings' } },
      earlier: { summary: 'Signed off on an earlier day', value: { note: 'Transcripts checked', occurredOn: '2019-04-01' } },
    },
  })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: not-finished, already-signed-off, before-window-opens, sign-off-before-outcome' })
  signOff(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: SignOffWaveRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.change(signOffWaveFromInput, caseId, waveId, body, context, reply);
  }

  private async change(
    read: WaveCommandReader,
    caseId: string,
    waveId: string,
    body: unknown,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ChangeCase(caseId, (now) => read(body, { caseId, waveId }, now), context));
    return answerWrite(reply, waveId, result);
  }
}
