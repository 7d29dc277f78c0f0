// Research records often know a milestone only to the year ("spun out in 2012") or the month.
// A PartialDate keeps exactly what is known instead of inventing a day.

export type DatePrecision = 'year' | 'month' | 'day';

export interface PartialDate {
  /** Canonical text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly value: string;
  readonly precision: DatePrecision;
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export type PartialDateParseError = 'format' | 'year' | 'month' | 'day';

/**
 * No research record reaches back further. It also keeps out year 0000, which ISO 8601 reads
 * as 1 BC and which JavaScript's Date, PostgreSQL and spreadsheet tools each treat differently.
 */
export const EARLIEST_YEAR = 1000;

export function parsePartialDate(text: string): PartialDate | PartialDateParseError {
  const match = PATTERN.exec(text);
  if (!match) return 'format';
  const year = Number(match[1]);
  if (year < EARLIEST_YEAR) return 'year';
  if (match[2] === undefined) return { value: text, precision: 'year', year };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return 'month';
  if (match[3] === undefined) return { value: text, precision: 'month', year, month };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return 'day';
  return { value: text, precision: 'day', year, month, day };
}

/** Parses text already known to be valid (e.g. read back from a stored event). */
export function partialDate(text: string): PartialDate {
  const parsed = parsePartialDate(text);
  if (typeof parsed === 'string') throw new Error(`Invalid partial date "${text}" (${parsed})`);
  return parsed;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** First day the date could denote, as `YYYY-MM-DD`. */
export function earliestDay(date: PartialDate): string {
  return `${pad(date.year, 4)}-${pad(date.month ?? 1, 2)}-${pad(date.day ?? 1, 2)}`;
}

/** Last day the date could denote, as `YYYY-MM-DD`. */
export function latestDay(date: PartialDate): string {
  const month = date.month ?? 12;
  const day = date.day ?? daysInMonth(date.year, month);
  return `${pad(date.year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const PRECISION_RANK: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };

/**
 * Chronological order for dates of mixed precision: by the first day each could denote,
 * and on a tie the vaguer date first ("2012" opens the year that holds "2012-01-01").
 */
export function comparePartialDates(a: PartialDate, b: PartialDate): number {
  const byStart = earliestDay(a).localeCompare(earliestDay(b));
  if (byStart !== 0) return byStart;
  return PRECISION_RANK[a.precision] - PRECISION_RANK[b.precision];
}

/**
 * A text key that sorts as comparePartialDates orders (`YYYY-MM-DD:rank`, the first day the date
 * could denote and its precision, vaguer first), for ordering in SQL.
 */
export function chronologicalKey(date: PartialDate): string {
  return `${earliestDay(date)}:${PRECISION_RANK[date.precision]}`;
}

/** True when every day the date could denote lies after `today` (`YYYY-MM-DD`). */
export function isWhollyAfter(date: PartialDate, today: string): boolean {
  return earliestDay(date) > today;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Where a partial date stands against a day (`YYYY-MM-DD`): `by` when every day it could denote
 * is on or before that day, `after` when every one is after it, `uncertain` when some are and
 * some are not. "2016" is `uncertain` against 2016-06-01: the record does not say which half of
 * the year it fell in. Questions "what had happened by D" include `by` and, flagged, `uncertain`.
 */
export type DayPlacement = 'by' | 'uncertain' | 'after';

export function placeAgainstDay(date: PartialDate, day: string): DayPlacement {
  if (latestDay(date) <= day) return 'by';
  if (earliestDay(date) > day) return 'after';
  return 'uncertain';
}

/**
 * Where a partial date stands against a range of partial dates (either end open): `within` when
 * every day it could denote lies in the range, `outside` when none does, `uncertain` otherwise.
 * The range runs from the first day `from` could denote to the last day `to` could.
 */
export function placeInRange(date: PartialDate, from?: PartialDate, to?: PartialDate): 'within' | 'uncertain' | 'outside' {
  const first = earliestDay(date);
  const last = latestDay(date);
  const start = from ? earliestDay(from) : undefined;
  const end = to ? latestDay(to) : undefined;
  // An empty range holds no day.
  if (start !== undefined && end !== undefined && start > end) return 'outside';
  if ((start !== undefined && last < start) || (end !== undefined && first > end)) return 'outside';
  if ((start === undefined || first >= start) && (end === undefined || last <= end)) return 'within';
  return 'uncertain';
}
