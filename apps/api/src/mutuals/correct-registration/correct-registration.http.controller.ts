import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { ApiIfMatch } from '../../http/if-match.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { MutualAccess } from '../mutual-access.js';
import { CorrectRegistration } from './correct-registration.command.js';
import { CorrectRegistrationRequest } from './correct-registration.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('mutuals')
@Controller('api/v1/mutuals/:mutualId')
export class CorrectRegistrationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: MutualAccess,
  ) {}

  @Patch()
  @Idempotent()
  @ApiIfMatch()
  @ApiOperation({
    summary: 'Correct the registration: the details that change, and why',
    description: 'A merge patch: only the details given change; `null` clears region, legal form or parent body. Every version stays in GET /api/v1/mutuals/{mutualId}/history.',
  })
  @ApiBody({
    type: CorrectRegistrationRequest,
    examples: {
      rename: { value: { name: 'Riverside Community Health CIC Ltd', reason: 'Name as on the Companies House register', source: { kind: 'url', url: 'https://find-and-update.company-information.service.gov.uk/' } } },
      reclassify: { value: { serviceAreas: ['health-and-social-care', 'housing'], region: 'north-east', parentBody: null, reason: 'The business case names no parent body' } },
    },
  })
  @ApiOkResponse({ type: WriteResponse, description: 'Corrected; the ETag header holds the version' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: 'Not a researcher, or not a mutual you may see' })
  @ApiNotFoundResponse({ description: 'No mutual has this id' })
  @ApiConflictResponse({ description: 'Stale If-Match (with `currentVersion`), or `unchanged` when every detail given is already so' })
  async correct(
    @Param('mutualId', UUID_PARAM) mutualId: string,
    @Body() body: CorrectRegistrationRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, mutualId);
    return answerWrite(reply, mutualId, await this.commands.execute(new CorrectRegistration(mutualId, body, context)));
  }
}
