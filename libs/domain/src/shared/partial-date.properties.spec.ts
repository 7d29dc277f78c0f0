// The rules that place a partial date against a day and a range, checked against the simplest
// model there is: the list of every day the date could denote.
import fc from 'fast-check';
import { type PartialDate, chronologicalKey, comparePartialDates, partialDate, placeAgainstDay, placeInRange } from './partial-date.js';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every day a partial date could denote, by walking the calendar. */
function daysOf(date: PartialDate): string[] {
  const start = Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1);
  const days: string[] = [];
  for (let ms = start; days.length < 367; ms += DAY_MS) {
    const day = iso(ms);
    if (!day.startsWith(date.value)) break;
    days.push(day);
  }
  return days;
}

// Dates around a few years, leap years and month ends included, at every precision.
const aDay = fc.integer({ min: Date.UTC(2011, 0, 1), max: Date.UTC(2017, 0, 1) }).map((ms) => iso(Math.floor(ms / DAY_MS) * DAY_MS));
const aPartialDate = fc.tuple(aDay, fc.constantFrom(4, 7, 10)).map(([day, length]) => partialDate(day.slice(0, length)));

describe('placing a partial date (model: every day it could denote)', () => {
  it('against a day: by when all its days are on or before it, after when none is, uncertain otherwise', () => {
    fc.assert(
      fc.property(aPartialDate, aDay, (date, day) => {
        const days = daysOf(date);
        const on = days.filter((d) => d <= day).length;
        const expected = on === days.length ? 'by' : on === 0 ? 'after' : 'uncertain';
        expect(placeAgainstDay(date, day)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('in a range of partial dates, either end open', () => {
    fc.assert(
      fc.property(
        aPartialDate,
        fc.option(aPartialDate, { nil: undefined }),
        fc.option(aPartialDate, { nil: undefined }),
        (date, from, to) => {
          const start = from ? daysOf(from)[0] : undefined;
          const end = to ? daysOf(to).at(-1) : undefined;
          const days = daysOf(date);
          const inside = days.filter((d) => (start === undefined || d >= start) && (end === undefined || d <= end)).length;
          const expected = inside === days.length ? 'within' : inside === 0 ? 'outside' : 'uncertain';
          expect(placeInRange(date, from, to)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives keys that sort as comparePartialDates orders, so SQL orders like the domain', () => {
    fc.assert(
      fc.property(aPartialDate, aPartialDate, (a, b) => {
        expect(Math.sign(chronologicalKey(a).localeCompare(chronologicalKey(b)))).toBe(Math.sign(comparePartialDates(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('says 2016 is uncertain against 1 June 2016, and 2015 is by it', () => {
    expect(placeAgainstDay(partialDate('2016'), '2016-06-01')).toBe('uncertain');
    expect(placeAgainstDay(partialDate('2015'), '2016-06-01')).toBe('by');
    expect(placeAgainstDay(partialDate('2016-06'), '2016-06-30')).toBe('by');
    expect(placeAgainstDay(partialDate('2016-07'), '2016-06-30')).toBe('after');
  });
});
