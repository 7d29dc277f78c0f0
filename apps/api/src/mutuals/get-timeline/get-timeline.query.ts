import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { MutualSummary, TimelineEntry } from '@casebook/read-models';
import type { TimelineResponse } from './timeline.response.dto.js';

export class GetTimeline extends Query<TimelineResponse> {
  constructor(readonly mutualId: string) {
    super();
  }
}

/** Served from the read models only; the event store is never read to answer a dashboard. */
@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    @InjectRepository(TimelineEntry) private readonly timeline: Repository<TimelineEntry>,
  ) {}

  async execute({ mutualId }: GetTimeline): Promise<TimelineResponse> {
    const mutual = await this.mutuals.findOneBy({ id: mutualId });
    if (!mutual) throw new NotFound('mutual', mutualId);
    const entries = await this.timeline.find({ where: { mutualId }, order: { sortKey: 'ASC', streamRevision: 'ASC' } });
    return {
      mutualId,
      name: mutual.name,
      ...(mutual.spunOutOn ? { spunOutOn: mutual.spunOutOn } : {}),
      version: mutual.version,
      milestones: entries.map((entry) => ({
        id: entry.milestoneId,
        type: entry.type,
        occurredOn: entry.occurredOn,
        precision: entry.precision,
        details: entry.details,
        recordedAt: entry.recordedAt.toISOString(),
      })),
    };
  }
}
