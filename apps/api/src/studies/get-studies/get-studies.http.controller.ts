import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { In, type Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { StudySummary } from '@casebook/read-models';
import { etagFor } from '../../http/if-match.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { StudyAccess } from '../study-access.js';
import { StudyResponse, studyResponse } from './study.response.dto.js';

@ApiBearerAuth()
@ApiTags('studies')
@Controller('api/v1/studies')
export class GetStudiesController {
  constructor(
    @InjectRepository(StudySummary) private readonly studies: Repository<StudySummary>,
    private readonly access: StudyAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The studies you may see: all of them for an administrator, otherwise those you are a member of' })
  @ApiOkResponse({ type: [StudyResponse] })
  async list(@Context() context: RequestContext): Promise<StudyResponse[]> {
    const principal = context.principal;
    if (!principal || (principal.role !== 'admin' && principal.studyIds.length === 0)) return [];
    const rows = await this.studies.find({
      where: principal.role === 'admin' ? {} : { studyId: In(principal.studyIds) },
      order: { startsOn: 'ASC', title: 'ASC' },
    });
    return rows.map(studyResponse);
  }

  @Get(':studyId')
  @ApiOperation({ summary: 'One study' })
  @ApiOkResponse({ type: StudyResponse })
  @ApiForbiddenResponse({ description: 'Not a member of the study' })
  @ApiNotFoundResponse({ description: 'No study has this id (or it is not yet in the read models)' })
  async get(@Param('studyId', UUID_PARAM) studyId: string, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<StudyResponse> {
    await this.access.assertCanRead(context, studyId);
    const study = await this.studies.findOneBy({ studyId });
    if (!study) throw new NotFound('study', studyId);
    void reply.header('etag', etagFor(study.version));
    return studyResponse(study);
  }
}
