// Wall-clock times in an IANA zone and the instants they stand for, through the runtime's own
// zone database (Intl), so the domain needs no time-zone library. A local time that a clock change
// skips is read as the moment after the gap; one it repeats, as the first of the two.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The local date, minutes since local midnight and ISO weekday of an instant in a zone. */
export interface LocalMoment {
  date: string;
  minutes: number;
  weekday: number;
}

/** The wall clock of `instant` in `timeZone`, read as if it were UTC (milliseconds). */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterOf(timeZone).formatToParts(new Date(instant))) parts[type] = value;
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The zone's offset from UTC at `instant`, in milliseconds (positive east of Greenwich). */
const offsetAt = (instant: number, timeZone: string): number =>
  wallClockAsUtc(instant, timeZone) - (instant - (((instant % 1000) + 1000) % 1000));

export const isoWeekdayOf = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function localMomentOf(instant: number, timeZone: string): LocalMoment {
  const wall = wallClockAsUtc(instant, timeZone);
  const date = new Date(wall).toISOString().slice(0, 10);
  return { date, minutes: Math.floor((wall - Date.parse(`${date}T00:00:00Z`)) / MINUTE), weekday: isoWeekdayOf(date) };
}

/** The instant at which the clocks of `timeZone` show `minutes` past midnight on `date`. */
export function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  // Offsets half a day either side cover any single clock change near the wall time.
  const earlier = offsetAt(wall - DAY / 2, timeZone);
  const later = offsetAt(wall + DAY / 2, timeZone);
  const candidates = [wall - earlier, wall - later].filter((instant) => wallClockAsUtc(instant, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the offset before the change carries the wall time past it.
  return wall - earlier;
}
