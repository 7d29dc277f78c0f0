import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../../auth/auth.decorators.js';
import { ApiIfMatch } from '../../http/if-match.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { WriteResponse, answerWrite } from '../../http/write-response.js';
import { Idempotent } from '../../idempotency/idempotency.interceptor.js';
import { StudyAccess } from '../study-access.js';
import { ChangeStudyDetails } from './change-study-details.command.js';
import { CHANGE_STUDY_DETAILS_EXAMPLES, ChangeStudyDetailsRequest } from './change-study-details.request.dto.js';

@ApiBearerAuth()
@RequireRole('researcher')
@ApiTags('studies')
@Controller('api/v1/studies/:studyId')
export class ChangeStudyDetailsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: StudyAccess,
  ) {}

  @Patch()
  @Idempotent()
  @ApiOperation({ summary: "Change a study's title, period, aims or time zone: only the fields sent, with an optional reason (administrators and researcher members)" })
  @ApiIfMatch()
  @ApiBody({ type: ChangeStudyDetailsRequest, examples: CHANGE_STUDY_DETAILS_EXAMPLES })
  @ApiOkResponse({ type: WriteResponse, description: 'Changed; the ETag is the study version. Details equal to the current ones record nothing and have an empty position' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule' })
  @ApiForbiddenResponse({ description: 'Not an administrator or a researcher member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id' })
  @ApiConflictResponse({ description: 'Stale If-Match, or a rule: ends-before-start, period-excludes-open-wave (the detail names the wave)' })
  async change(
    @Param('studyId', UUID_PARAM) studyId: string,
    @Body() body: ChangeStudyDetailsRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, studyId);
    const result = await this.commands.execute(new ChangeStudyDetails(studyId, body, context));
    return answerWrite(reply, studyId, result);
  }
}
