// The interview-wave calendar of a study: each wave's window with where it stands on a given
// day, and the query string that asks for a part of it. "Today" is a day in the study's own
// time zone, so a team in London and a server in UTC agree on when a window has closed.
import { z } from 'zod';
import { across, day, object, optional, pageCursor, pageSize, refuses, setOf } from '../shared/body-fields.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { isWaveOpen } from './case.state.js';
import type { WaveStatus } from './case.vocabulary.js';

/** A wave's lifecycle status, with `overdue` for an open wave whose window closed before today. */
export const WAVE_CALENDAR_STATES = ['scheduled', 'in-progress', 'overdue', 'completed', 'skipped', 'cancelled', 'signed-off'] as const;
export type WaveCalendarState = (typeof WAVE_CALENDAR_STATES)[number];

/** What the calendar lists unless asked otherwise: the windows still waiting for interviews. */
export const OPEN_CALENDAR_STATES: readonly WaveCalendarState[] = ['scheduled', 'in-progress', 'overdue'];

export const WAVE_CALENDAR_PAGE_SIZE = { default: 50, max: 500 } as const;

const MS_PER_DAY = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` comes first. */
export const daysBetween = (from: string, to: string): number => Math.round(dayNumber(to) - dayNumber(from));

/** The day after `day`: the exclusive end of an all-day event that ends on `day`. */
export const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + MS_PER_DAY).toISOString().slice(0, 10);

/** The calendar day `instant` falls on in `timeZone` (an IANA name; UTC when absent). */
export function dayInTimeZone(instant: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export interface WaveOnCalendar {
  state: WaveCalendarState;
  /** Days from today until the window opens: 0 when it opens today; null once it has opened. */
  daysUntilOpening: number | null;
  /** Days since the window closed, while the wave is overdue; null otherwise. */
  daysOverdue: number | null;
}

/** Where a wave stands on `today` (`YYYY-MM-DD`, in the study's time zone). */
export function waveOnCalendar(wave: { status: WaveStatus; opensOn: string; closesOn: string }, today: string): WaveOnCalendar {
  const overdue = isWaveOpen(wave) && wave.closesOn < today;
  return {
    state: overdue ? 'overdue' : wave.status,
    daysUntilOpening: wave.opensOn >= today ? daysBetween(today, wave.opensOn) : null,
    daysOverdue: overdue ? daysBetween(wave.closesOn, today) : null,
  };
}

/** Where a page of the calendar ends: the order key of its last window, opaque to clients. */
export type WaveCalendarCursor = [opensOn: string, caseId: string, waveId: string];

export const encodeWaveCalendarCursor = (cursor: WaveCalendarCursor): string => encodeCursor(cursor);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeWaveCalendarCursor(text: string): WaveCalendarCursor | undefined {
  const decoded = decodeCursor(text);
  if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
  const [opensOn, caseId, waveId] = decoded as unknown[];
  if (typeof opensOn !== 'string' || typeof caseId !== 'string' || typeof waveId !== 'string') return undefined;
  if (!DAY.test(opensOn) || Number.isNaN(Date.parse(opensOn)) || !ID.test(caseId) || !ID.test(waveId)) return undefined;
  return [opensOn, caseId, waveId];
}

const states = z
  .union([z.string(), z.array(z.string())], { error: refuses('one-of', `must be one or more of: ${WAVE_CALENDAR_STATES.join(', ')}`) })
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()))
  .pipe(setOf(WAVE_CALENDAR_STATES))
  .meta({
    description: `Only windows in these states (${OPEN_CALENDAR_STATES.join(', ')} unless given); comma-separated, or the parameter repeated`,
  });

/** `GET /api/v1/studies/{id}/wave-calendar`. */
export const WaveCalendarQuery = object({
  from: optional(day('Only windows still open on or after this day (closing on it or later)')),
  to: optional(day('Only windows opening on or before this day; not before from')),
  state: optional(states),
  limit: optional(pageSize(WAVE_CALENDAR_PAGE_SIZE)),
  cursor: optional(pageCursor(decodeWaveCalendarCursor, 'From `nextCursor` of the page before, with the same filters')),
}).check(
  across<{ from?: string; to?: string }>(({ from, to }, valid, report) => {
    if (valid('from') && valid('to') && from !== undefined && to !== undefined && to < from)
      report('to', 'not-before-from', `must not be before from (${from})`);
  }),
);
