// The wave windows of studies, from the wave projection's own tables (`waves` beside
// `wave_cases`, which it keeps from each case's enrolment, so a wave never lacks its study) and
// the mutual's name from the registry. Which state a wave is in on a day is decided in SQL, as
// `waveOnCalendar` decides it, so that a state filter and a page limit go together.
import type { WaveCalendarState, WaveStatus } from '@casebook/domain';

export interface WaveWindowRow {
  wave_id: string;
  case_id: string;
  study_id: string;
  mutual_id: string;
  mutual_name: string | null;
  wave_number: number;
  opens_on_day: string;
  closes_on_day: string;
  status: WaveStatus;
  interview_count: number;
}

/** Dates as text of their own names: the driver would otherwise make them local midnights. */
export const WAVE_WINDOW_COLUMNS = `w.wave_id, w.case_id, c.study_id, c.mutual_id, m.name AS mutual_name, w.wave_number,
  to_char(w.opens_on, 'YYYY-MM-DD') AS opens_on_day, to_char(w.closes_on, 'YYYY-MM-DD') AS closes_on_day,
  w.status, w.interview_count`;

export const WAVE_WINDOW_SOURCES = `read_models.waves w
  JOIN read_models.wave_cases c ON c.case_id = w.case_id
  LEFT JOIN read_models.mutuals m ON m.id = c.mutual_id`;

/** The stable order of the calendar, which its cursor follows. */
export const WAVE_WINDOW_ORDER = 'w.opens_on, w.case_id, w.wave_id';

/**
 * A condition that holds for the waves in one of `states` on today, whose placeholder `today`
 * adds only when a state needs it (PostgreSQL refuses a parameter nothing uses).
 */
export function stateCondition(states: readonly WaveCalendarState[], today: () => string): string {
  const open = `w.status IN ('scheduled', 'in-progress')`;
  const each = states.map((state) => {
    switch (state) {
      case 'overdue':
        return `(${open} AND w.closes_on < ${today()})`;
      case 'scheduled':
      case 'in-progress':
        return `(w.status = '${state}' AND w.closes_on >= ${today()})`;
      default:
        return `w.status = '${state}'`;
    }
  });
  return `(${each.join(' OR ')})`;
}

/** Collects query parameters, answering the placeholder of each. */
export function parameters(): { values: unknown[]; add: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
