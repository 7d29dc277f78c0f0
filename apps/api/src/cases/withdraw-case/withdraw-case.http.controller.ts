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
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { withdrawCaseFromInput } from '@casebook/domain';
import { RequireRole } from '../../auth/auth.decorators.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { CaseAccess } from '../case-access.js';
import { ChangeCase } from '../change-case.command.js';

export class WithdrawCaseRequest {
  @ApiProperty({ maxLength: 2000, example: 'The board declined to take part further' })
  reason!: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2020-03-20',
    description: 'The day the case was withdrawn; by default today (UTC), never in the future. Its open waves are cancelled on that day.',
  })
  occurredOn?: string;
}

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('cases')
@Controller('api/v1/cases/:caseId/withdrawal')
export class WithdrawCaseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
  ) {}

  @Post()
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Withdraw the case from its study; its open waves are cancelled with the same reason and day' })
  @ApiIfMatch()
  @ApiBody({
    type: WithdrawCaseRequest,
    examples: {
      withdraw: { value: { reason: 'The board declined to take part further' } },
      earlier: { summary: 'Withdrawn on an earlier day', value: { reason: 'The mutual closed', occurredOn: '2020-03-20' } },
    },
  })
  @ApiOkResponse({ type: WriteResponse })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: "Not a researcher member of the case's study" })
  @ApiNotFoundResponse({ description: 'No case has this id' })
  @ApiConflictResponse({ description: 'Stale If-Match, or the case is already withdrawn' })
  async withdraw(
    @Param('caseId', UUID_PARAM) caseId: string,
    @Body() body: WithdrawCaseRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ChangeCase(caseId, (now) => withdrawCaseFromInput(body, { caseId }, now), context));
    return answerWrite(reply, caseId, result);
  }
}
