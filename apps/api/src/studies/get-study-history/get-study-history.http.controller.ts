import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { StudyHistoryEntry } from '@casebook/read-models';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { StudyAccess } from '../study-access.js';
import { StudyHistoryResponse } from './study-history.response.dto.js';

@ApiBearerAuth()
@ApiTags('studies')
@Controller('api/v1/studies/:studyId/history')
export class GetStudyHistoryController {
  constructor(
    @InjectRepository(StudyHistoryEntry) private readonly history: Repository<StudyHistoryEntry>,
    private readonly access: StudyAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: "Every version of a study's details: as created, then each change; who, when, and why if given" })
  @ApiOkResponse({ type: StudyHistoryResponse })
  @ApiForbiddenResponse({ description: 'Not a member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id' })
  async get(@Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext): Promise<StudyHistoryResponse> {
    await this.access.assertCanRead(context, studyId);
    const entries = await this.history.find({ where: { studyId }, order: { version: 'ASC' } });
    return {
      studyId,
      versions: entries.map((entry) => ({
        version: entry.version,
        change: entry.change,
        details: entry.details,
        ...(entry.reason !== null && { reason: entry.reason }),
        ...(entry.recordedBy !== null && { recordedBy: entry.recordedBy }),
        recordedAt: entry.recordedAt.toISOString(),
      })),
    };
  }
}
