// The wave windows a calendar feed lists: those of the studies its account may see (every study
// for an administrator), still open (overdue ones too) or cancelled. Finished waves (completed,
// skipped, signed off) leave the feed: nothing is left to arrange. Cancelled ones stay, marked
// cancelled, so a calendar app that kept the event shows it called off rather than keeping it.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  WAVE_WINDOW_COLUMNS,
  WAVE_WINDOW_ORDER,
  WAVE_WINDOW_SOURCES,
  type WaveWindowRow,
  parameters,
} from '../studies/wave-calendar/wave-calendar-rows.js';

export interface FeedWindowRow extends WaveWindowRow {
  study_title: string | null;
}

export class GetCalendarFeedWindows extends Query<FeedWindowRow[]> {
  /** `studyIds` undefined: every study. */
  constructor(readonly studyIds: readonly string[] | undefined) {
    super();
  }
}

@QueryHandler(GetCalendarFeedWindows)
export class GetCalendarFeedWindowsHandler implements IQueryHandler<GetCalendarFeedWindows> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ studyIds }: GetCalendarFeedWindows): Promise<FeedWindowRow[]> {
    if (studyIds?.length === 0) return [];
    const params = parameters();
    const conditions = [`w.status IN ('scheduled', 'in-progress', 'cancelled')`];
    if (studyIds) conditions.push(`c.study_id = ANY(${params.add(studyIds)}::uuid[])`);
    return this.dataSource.query(
      `SELECT ${WAVE_WINDOW_COLUMNS}, s.title AS study_title
         FROM ${WAVE_WINDOW_SOURCES}
         LEFT JOIN read_models.studies s ON s.study_id = c.study_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${WAVE_WINDOW_ORDER}`,
      params.values,
    );
  }
}
