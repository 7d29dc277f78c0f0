import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { RegisterMutual } from './register-mutual.command.js';
import { RegisterMutualRequest } from './register-mutual.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('mutuals')
@Controller('api/v1/mutuals')
export class RegisterMutualController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a mutual to follow' })
  @ApiCreatedResponse({ type: WriteResponse, description: 'Registered; the ETag header holds the version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  async register(
    @Body() body: RegisterMutualRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const result = await this.commands.execute(new RegisterMutual(body, context));
    void reply.header('location', `/api/v1/mutuals/${result.mutualId}`);
    return answerWrite(reply, result.mutualId, result);
  }
}
