import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { And, ArrayContains, type FindOptionsWhere, In, LessThan, MoreThanOrEqual, type Repository } from 'typeorm';
import { CaseSummary, MutualSummary, TimelineEntry } from '@casebook/read-models';
import type { CrossCaseMilestone } from './cross-case-timeline.response.dto.js';

export interface TimelineScope {
  /** The mutuals to include; undefined means every mutual. */
  mutualIds?: string[];
  /** Only the mutuals enrolled in this study, withdrawn cases included. */
  studyId?: string;
  serviceArea?: string;
  /** Whole years, both included. */
  fromYear?: number;
  toYear?: number;
}

/** Milestones of many mutuals on one timeline, as the sector or a study experienced them. */
export class GetCrossCaseTimeline extends Query<CrossCaseMilestone[]> {
  constructor(readonly scope: TimelineScope) {
    super();
  }
}

@QueryHandler(GetCrossCaseTimeline)
export class GetCrossCaseTimelineHandler implements IQueryHandler<GetCrossCaseTimeline> {
  constructor(
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    @InjectRepository(TimelineEntry) private readonly timeline: Repository<TimelineEntry>,
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
  ) {}

  async execute({ scope: asked }: GetCrossCaseTimeline): Promise<CrossCaseMilestone[]> {
    const scope = asked.studyId ? { ...asked, mutualIds: await this.mutualsOfStudy(asked.studyId) } : asked;
    if (scope.mutualIds?.length === 0) return [];
    const mutuals = await this.mutuals.find({
      where: {
        ...(scope.mutualIds && { id: In(scope.mutualIds) }),
        ...(scope.serviceArea && { serviceAreas: ArrayContains([scope.serviceArea]) }),
      },
      select: { id: true, name: true },
    });
    if (mutuals.length === 0) return [];
    const names = new Map(mutuals.map((m) => [m.id, m.name]));
    const entries = await this.timeline.find({
      where: { mutualId: In([...names.keys()]), ...sortKeyWithin(scope) },
      // Sort keys order like the calendar; the mutual then keeps one mutual's same-day
      // milestones together, and the stream revision keeps them in the order recorded.
      order: { sortKey: 'ASC', mutualId: 'ASC', streamRevision: 'ASC' },
    });
    return entries.map((entry) => ({
      id: entry.milestoneId,
      mutualId: entry.mutualId,
      mutualName: names.get(entry.mutualId) ?? '',
      type: entry.type,
      occurredOn: entry.occurredOn,
      precision: entry.precision,
      details: entry.details,
      recordedAt: entry.recordedAt.toISOString(),
    }));
  }

  // Withdrawn cases stay: what happened to the mutual while it was followed is still evidence.
  private async mutualsOfStudy(studyId: string): Promise<string[]> {
    return (await this.cases.find({ where: { studyId }, select: { mutualId: true } })).map((c) => c.mutualId);
  }
}

/**
 * Sort keys start with the first possible day (`YYYY-MM-DD:rank`), so a year bounds them as a
 * prefix: from `YYYY` on, and up to `YYYY-13`, a month that sorts after every day of the year.
 */
function sortKeyWithin({ fromYear, toYear }: TimelineScope): FindOptionsWhere<TimelineEntry> {
  const year = (value: number) => String(value).padStart(4, '0');
  const from = fromYear === undefined ? undefined : MoreThanOrEqual(year(fromYear));
  const to = toYear === undefined ? undefined : LessThan(`${year(toYear)}-13`);
  if (from && to) return { sortKey: And(from, to) };
  if (from) return { sortKey: from };
  if (to) return { sortKey: to };
  return {};
}
