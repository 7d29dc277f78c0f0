// Every milestone of a study's cases on one timeline, as now believed, filtered by the mutuals'
// registry details (service area, region, legal form), milestone type and dates, a page at a
// time. Withdrawn cases stay: what happened to a mutual while it was followed is still evidence.
// The order is stable (first possible day, vaguer first, then mutual, then as recorded), and the
// keyset cursor follows it, so a walk sees each milestone once while others are recorded.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TIMELINE_PAGE_SIZE, type StudyTimelineCursor } from '@casebook/domain';
import {
  TIMELINE_COLUMNS,
  TIMELINE_RECORDERS,
  type TimelineFilter,
  type TimelineRow,
  datingConditions,
  timelineEntryOf,
} from '../../mutuals/get-timeline/timeline-rows.js';
import type { StudyTimelineMilestone } from './study-timeline.response.dto.js';

export interface StudyTimelineFilter extends Omit<TimelineFilter, 'knownBefore'> {
  serviceArea?: string;
  region?: string;
  legalForm?: string;
}

export interface StudyTimelinePage {
  milestones: StudyTimelineMilestone[];
  nextCursor?: StudyTimelineCursor;
}

export class GetStudyTimeline extends Query<StudyTimelinePage> {
  constructor(
    readonly studyId: string,
    readonly filter: StudyTimelineFilter = {},
    readonly limit: number = TIMELINE_PAGE_SIZE.default,
    readonly after?: StudyTimelineCursor,
  ) {
    super();
  }
}

@QueryHandler(GetStudyTimeline)
export class GetStudyTimelineHandler implements IQueryHandler<GetStudyTimeline> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ studyId, filter, limit, after }: GetStudyTimeline): Promise<StudyTimelinePage> {
    const params: unknown[] = [studyId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [`t.mutual_id IN (SELECT c.mutual_id FROM read_models.cases c WHERE c.study_id = $1)`];
    if (filter.serviceArea) conditions.push(`${param(filter.serviceArea)} = ANY(m.service_areas)`);
    if (filter.region) conditions.push(`m.region = ${param(filter.region)}`);
    if (filter.legalForm) conditions.push(`m.legal_form = ${param(filter.legalForm)}`);
    conditions.push(
      ...datingConditions(
        filter,
        params,
        after && {
          values: after,
          order: '(t.sort_key, t.mutual_id, t.stream_revision, t.milestone_id)',
          casts: ['text', 'uuid', 'bigint', 'uuid'],
        },
      ),
    );
    const rows: (TimelineRow & { mutual_id: string; mutual_name: string })[] = await this.dataSource.query(
      `SELECT ${TIMELINE_COLUMNS}, t.mutual_id, m.name AS mutual_name
         FROM read_models.mutual_timeline t
         JOIN read_models.mutuals m ON m.id = t.mutual_id ${TIMELINE_RECORDERS}
        WHERE ${conditions.join(' AND ')}
        ORDER BY t.sort_key, t.mutual_id, t.stream_revision, t.milestone_id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      milestones: page.map((row) => Object.assign(timelineEntryOf(row, filter), { mutualId: row.mutual_id, mutualName: row.mutual_name })),
      ...(rows.length > limit && last
        ? { nextCursor: [last.sort_key, last.mutual_id, last.revision, last.milestone_id] as StudyTimelineCursor }
        : {}),
    };
  }
}
