import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { MilestoneHistoryEntry } from '@casebook/read-models';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { MutualAccess } from '../mutual-access.js';

@ApiBearerAuth()
@ApiTags('milestones')
@Controller('api/v1/mutuals/:mutualId/milestones/:milestoneId/history')
export class GetMilestoneHistoryController {
  constructor(
    @InjectRepository(MilestoneHistoryEntry) private readonly history: Repository<MilestoneHistoryEntry>,
    private readonly access: MutualAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every version of a milestone: as recorded, each correction, a retraction; who, when, why, from which source' })
  async get(@Param('mutualId', UUID_PARAM) mutualId: string, @Param('milestoneId', UUID_PARAM) milestoneId: string, @Context() context: RequestContext) {
    await this.access.assertCanRead(context, mutualId);
    const entries = await this.history.find({ where: { mutualId, milestoneId }, order: { streamRevision: 'ASC' } });
    if (entries.length === 0) throw new NotFound('milestone', milestoneId);
    return {
      milestoneId,
      versions: entries.map((entry) => ({
        change: entry.change,
        type: entry.type,
        occurredOn: entry.occurredOn,
        values: entry.values,
        reason: entry.reason,
        recordedBy: entry.recordedBy,
        recordedAt: entry.recordedAt.toISOString(),
        source: entry.source,
      })),
    };
  }
}
