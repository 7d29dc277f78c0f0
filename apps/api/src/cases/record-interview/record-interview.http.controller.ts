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
import { RecordInterview } from './record-interview.command.js';
import { RECORD_INTERVIEW_EXAMPLES, RecordInterviewRequest } from './record-interview.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('interview waves')
@Controller('api/v1/cases/:caseId/waves/:waveId/interviews')
export class RecordInterviewController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an interview held in a wave; the first one starts the wave' })
  @ApiIfMatch()
  @ApiBody({ type: RecordInterviewRequest, examples: RECORD_INTERVIEW_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResponse, description: 'Recorded; `id` is the interview id and the ETag the case version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
  @ApiNotFoundResponse({ description: 'No such case or wave' })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: wave-closed, outside-window, unknown-contact, contact-erased, unknown-interviewer' })
  async record(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Param('waveId', UUID_PARAM) waveId: string,
    @Body() body: RecordInterviewRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new RecordInterview(caseId, waveId, body, context));
    return answerWrite(reply, result.interviewId, result);
  }
}
