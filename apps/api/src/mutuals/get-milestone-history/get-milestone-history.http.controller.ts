import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { MilestoneHistoryEntry } from '@casebook/read-models';
import { AccountDirectory } from '../../accounts/account-directory.js';
import { Context, type RequestContext } from '../../http/request-context.js';
import { UUID_PARAM } from '../../http/uuid-param.js';
import { MutualAccess } from '../mutual-access.js';
import { MilestoneHistoryResponse } from './milestone-history.response.dto.js';

@ApiBearerAuth()
@ApiTags('milestones')
@Controller('api/v1/mutuals/:mutualId/milestones/:milestoneId/history')
export class GetMilestoneHistoryController {
  constructor(
    @InjectRepository(MilestoneHistoryEntry) private readonly history: Repository<MilestoneHistoryEntry>,
    private readonly access: MutualAccess,
    private readonly directory: AccountDirectory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every version of a milestone: as recorded, each correction, a retraction; who, when, why, from which source' })
  @ApiOkResponse({ type: MilestoneHistoryResponse })
  async get(
    @Param('mutualId', UUID_PARAM) mutualId: string,
    @Param('milestoneId', UUID_PARAM) milestoneId: string,
    @Context() context: RequestContext,
  ): Promise<MilestoneHistoryResponse> {
    await this.access.assertCanRead(context, mutualId);
    const entries = await this.history.find({ where: { mutualId, milestoneId }, order: { streamRevision: 'ASC' } });
    if (entries.length === 0) throw new NotFound('milestone', milestoneId);
    const names = await this.directory.displayNames(entries.map((entry) => entry.recordedBy));
    return {
      milestoneId,
      // Numbered by position in the stream (the query's order), so v1 is always the first record.
      versions: entries.map((entry, index) => ({
        version: index + 1,
        change: entry.change,
        type: entry.type,
        occurredOn: entry.occurredOn,
        values: entry.values,
        reason: entry.reason,
        recordedBy: entry.recordedBy,
        recordedByName: entry.recordedBy === null ? null : (names.get(entry.recordedBy) ?? null),
        recordedAt: entry.recordedAt.toISOString(),
        source: entry.source,
      })),
    };
  }
}
