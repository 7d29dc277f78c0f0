import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { MilestoneHistoryEntry } from '@casebook/read-models';
import { AccountDirectory } from '../../accounts/account-directory.js';
import type { MilestoneHistoryResponse } from './milestone-history.response.dto.js';

/** Every version of one milestone, with the names of those who recorded them. */
export class GetMilestoneHistory extends Query<MilestoneHistoryResponse> {
  constructor(
    readonly mutualId: string,
    readonly milestoneId: string,
  ) {
    super();
  }
}

@QueryHandler(GetMilestoneHistory)
export class GetMilestoneHistoryHandler implements IQueryHandler<GetMilestoneHistory> {
  constructor(
    @InjectRepository(MilestoneHistoryEntry) private readonly history: Repository<MilestoneHistoryEntry>,
    private readonly directory: AccountDirectory,
  ) {}

  async execute({ mutualId, milestoneId }: GetMilestoneHistory): Promise<MilestoneHistoryResponse> {
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
