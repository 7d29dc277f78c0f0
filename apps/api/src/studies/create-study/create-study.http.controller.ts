import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CreateStudy } from './create-study.command.js';
import { CREATE_STUDY_EXAMPLES, CreateStudyRequest } from './create-study.request.dto.js';

@ApiBearerAuth()
@RequireRole('admin')
@ApiTags('studies')
@Controller('api/v1/studies')
export class CreateStudyController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a study (administrators only); members are granted on their accounts' })
  @ApiBody({ type: CreateStudyRequest, examples: CREATE_STUDY_EXAMPLES })
  @ApiCreatedResponse({ type: WriteResponse, description: 'Created; the ETag header holds the version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: 'Not an administrator' })
  async create(@Body() body: CreateStudyRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    const result = await this.commands.execute(new CreateStudy(body, context));
    void reply.header('location', `/api/v1/studies/${result.studyId}`);
    return answerWrite(reply, result.studyId, result);
  }
}
