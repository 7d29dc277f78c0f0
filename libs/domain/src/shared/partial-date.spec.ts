import { comparePartialDates, earliestDay, isWhollyAfter, latestDay, parsePartialDate, partialDate } from './partial-date.js';

describe('PartialDate', () => {
  it.each([
    ['2012', 'year'],
    ['2012-04', 'month'],
    ['2012-04-01', 'day'],
  ])('keeps %s at %s precision', (text, precision) => {
    expect(parsePartialDate(text)).toMatchObject({ value: text, precision });
  });

  it.each([
    ['12', 'format'],
    ['2012-4', 'format'],
    ['2012/04/01', 'format'],
    ['2012-13', 'month'],
    ['2012-00', 'month'],
    ['2013-02-29', 'day'],
    ['2012-04-31', 'day'],
  ])('rejects %s (%s)', (text, reason) => {
    expect(parsePartialDate(text)).toBe(reason);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parsePartialDate('2012-02-29')).toMatchObject({ precision: 'day', day: 29 });
  });

  it('knows the first and last day a date can denote', () => {
    expect(earliestDay(partialDate('2012'))).toBe('2012-01-01');
    expect(latestDay(partialDate('2012'))).toBe('2012-12-31');
    expect(latestDay(partialDate('2012-02'))).toBe('2012-02-29');
    expect(latestDay(partialDate('2012-04-09'))).toBe('2012-04-09');
  });

  it('sorts mixed precisions by their first possible day, the vaguer first on a tie', () => {
    const texts = ['2013', '2012-04-15', '2012-04', '2012', '2012-01-01', '2011-12-31'];
    const sorted = texts
      .map(partialDate)
      .sort(comparePartialDates)
      .map((d) => d.value);
    expect(sorted).toEqual(['2011-12-31', '2012', '2012-01-01', '2012-04', '2012-04-15', '2013']);
  });

  it('treats a year or month that contains today as not in the future', () => {
    expect(isWhollyAfter(partialDate('2026'), '2026-11-23')).toBe(false);
    expect(isWhollyAfter(partialDate('2026-11'), '2026-11-23')).toBe(false);
    expect(isWhollyAfter(partialDate('2026-11-24'), '2026-11-23')).toBe(true);
    expect(isWhollyAfter(partialDate('2027'), '2026-11-23')).toBe(true);
  });
});
