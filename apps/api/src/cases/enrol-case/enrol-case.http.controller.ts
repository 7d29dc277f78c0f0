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
import { StudyAccess } from '../../studies/study-access.js';
import { EnrolCase } from './enrol-case.command.js';
import { ENROL_CASE_EXAMPLES, EnrolCaseRequest } from './enrol-case.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('cases')
@Controller('api/v1/studies/:studyId/cases')
export class EnrolCaseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: StudyAccess,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Enrol a registered mutual in the study as a case, with the reasons it was selected' })
  @ApiBody({ type: EnrolCaseRequest, examples: ENROL_CASE_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResponse, description: 'Enrolled; `id` is the case id and the ETag the case version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: 'Not a researcher member of the study' })
  @ApiNotFoundResponse({ description: 'No such study, or no such mutual' })
  @ApiConflictResponse({ description: 'The mutual is already enrolled in this study (rule `already-enrolled`)' })
  async enrol(
    @Param('studyId', UUID_PARAM) studyId: string,
    @Body() body: EnrolCaseRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, studyId);
    const result = await this.commands.execute(new EnrolCase(studyId, body, context));
    void reply.header('location', `/api/v1/cases/${result.caseId}`);
    return answerWrite(reply, result.caseId, result);
  }
}
