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
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CaseAccess } from '../case-access.js';
import { LinkCase } from './link-case.command.js';
import { LINK_CASE_EXAMPLES, LinkCaseRequest } from './link-case.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('cases')
@Controller('api/v1/cases/:caseId/link')
export class LinkCaseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Post()
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Record that this case revisits a case of an earlier study' })
  @ApiIfMatch()
  @ApiBody({ type: LinkCaseRequest, examples: LINK_CASE_EXAMPLES })
  @ApiOkResponse({ type: WriteResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
  @ApiNotFoundResponse({ description: 'No such case, or no such earlier case' })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: self-link, already-linked, same-study, withdrawn' })
  async link(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Body() body: LinkCaseRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new LinkCase(caseId, body, context));
    return answerWrite(reply, caseId, result);
  }
}
