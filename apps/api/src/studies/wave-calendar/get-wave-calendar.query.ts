// The interview-wave calendar of a study: every case's wave windows with where each stands
// today, in the study's time zone, filtered and a page at a time. The order (the day a window
// opens, then case, then wave) is total, and the keyset cursor follows it, so a walk sees each
// window once while others are recorded; a window moved across the page boundary while a walk
// goes on is seen where it was or where it is, as any keyset over a changing key would.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OPEN_CALENDAR_STATES, type WaveCalendarCursor, type WaveCalendarState, waveOnCalendar } from '@casebook/domain';
import type { WaveCalendarEntry } from './wave-calendar.response.dto.js';
import {
  WAVE_WINDOW_COLUMNS,
  WAVE_WINDOW_ORDER,
  WAVE_WINDOW_SOURCES,
  type WaveWindowRow,
  parameters,
  stateCondition,
} from './wave-calendar-rows.js';

export interface WaveCalendarFilter {
  from?: string;
  to?: string;
  states?: readonly WaveCalendarState[];
}

export interface WaveCalendarPage {
  entries: WaveCalendarEntry[];
  nextCursor?: WaveCalendarCursor;
}

export class GetWaveCalendar extends Query<WaveCalendarPage> {
  constructor(
    readonly studyId: string,
    /** `YYYY-MM-DD` in the study's time zone. */
    readonly today: string,
    readonly filter: WaveCalendarFilter,
    readonly limit: number,
    readonly after?: WaveCalendarCursor,
  ) {
    super();
  }
}

@QueryHandler(GetWaveCalendar)
export class GetWaveCalendarHandler implements IQueryHandler<GetWaveCalendar> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ studyId, today, filter, limit, after }: GetWaveCalendar): Promise<WaveCalendarPage> {
    const params = parameters();
    const conditions = [`c.study_id = ${params.add(studyId)}`];
    let todayParameter: string | undefined;
    conditions.push(stateCondition(filter.states ?? OPEN_CALENDAR_STATES, () => (todayParameter ??= `${params.add(today)}::date`)));
    if (filter.from) conditions.push(`w.closes_on >= ${params.add(filter.from)}::date`);
    if (filter.to) conditions.push(`w.opens_on <= ${params.add(filter.to)}::date`);
    if (after) {
      const [opensOn, caseId, waveId] = after;
      conditions.push(`(${WAVE_WINDOW_ORDER}) > (${params.add(opensOn)}::date, ${params.add(caseId)}::uuid, ${params.add(waveId)}::uuid)`);
    }
    const rows: WaveWindowRow[] = await this.dataSource.query(
      `SELECT ${WAVE_WINDOW_COLUMNS} FROM ${WAVE_WINDOW_SOURCES}
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${WAVE_WINDOW_ORDER}
        LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      entries: page.map((row) => entryOf(row, today)),
      ...(rows.length > limit && last && { nextCursor: [last.opens_on_day, last.case_id, last.wave_id] }),
    };
  }
}

function entryOf(row: WaveWindowRow, today: string): WaveCalendarEntry {
  return {
    caseId: row.case_id,
    mutualId: row.mutual_id,
    ...(row.mutual_name !== null && { mutualName: row.mutual_name }),
    waveId: row.wave_id,
    waveNumber: row.wave_number,
    opensOn: row.opens_on_day,
    closesOn: row.closes_on_day,
    ...waveOnCalendar({ status: row.status, opensOn: row.opens_on_day, closesOn: row.closes_on_day }, today),
    interviewCount: row.interview_count,
  };
}
