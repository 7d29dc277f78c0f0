import { addDays, instantOfLocal, isoWeekdayOf, localMomentOf } from './zoned-time.js';

const at = (date: string, clock: string, zone: string) =>
  new Date(instantOfLocal(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), zone)).toISOString();

describe('wall-clock times in a zone', () => {
  it.each([
    ['Europe/London', '2026-03-27', '09:00', '2026-03-27T09:00:00.000Z'],
    ['Europe/London', '2026-03-30', '09:00', '2026-03-30T08:00:00.000Z'],
    ['Europe/London', '2026-10-23', '09:00', '2026-10-23T08:00:00.000Z'],
    ['Europe/London', '2026-10-26', '09:00', '2026-10-26T09:00:00.000Z'],
    ['America/New_York', '2026-03-06', '09:00', '2026-03-06T14:00:00.000Z'],
    ['America/New_York', '2026-03-09', '09:00', '2026-03-09T13:00:00.000Z'],
    ['America/New_York', '2026-10-30', '09:00', '2026-10-30T13:00:00.000Z'],
    ['America/New_York', '2026-11-02', '09:00', '2026-11-02T14:00:00.000Z'],
    ['Australia/Sydney', '2026-04-06', '09:00', '2026-04-05T23:00:00.000Z'],
    ['Asia/Kolkata', '2026-06-01', '09:00', '2026-06-01T03:30:00.000Z'],
  ])('%s %s %s is %s', (zone, date, clock, instant) => {
    expect(at(date, clock, zone)).toBe(instant);
  });

  it('reads a time the spring change skips as the moment after the gap', () => {
    expect(at('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
    expect(localMomentOf(Date.parse('2026-03-29T01:30:00.000Z'), 'Europe/London')).toEqual({
      date: '2026-03-29',
      minutes: 150,
      weekday: 7,
    });
    expect(at('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('reads a time the autumn change repeats as the first of the two', () => {
    expect(at('2026-10-25', '01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('gives midnight of the change days', () => {
    expect(at('2026-03-29', '00:00', 'Europe/London')).toBe('2026-03-29T00:00:00.000Z');
    expect(at('2026-10-25', '00:00', 'Europe/London')).toBe('2026-10-24T23:00:00.000Z');
  });

  it('round-trips every half hour of a year in London and New York', () => {
    for (const zone of ['Europe/London', 'America/New_York']) {
      let repeated = 0;
      for (let instant = Date.parse('2026-01-01T00:00:00Z'); instant < Date.parse('2027-01-01T00:00:00Z'); instant += 30 * 60_000) {
        const local = localMomentOf(instant, zone);
        const back = instantOfLocal(local.date, local.minutes, zone);
        expect(localMomentOf(back, zone)).toEqual(local);
        if (back !== instant) {
          // Only the second run of the repeated autumn hour reads back as the first, an hour earlier.
          expect(instant - back).toBe(3_600_000);
          repeated += 1;
        }
      }
      expect(repeated).toBe(2);
    }
  });

  it('counts ISO weekdays and days across month ends', () => {
    expect(isoWeekdayOf('2026-03-30')).toBe(1);
    expect(isoWeekdayOf('2026-03-29')).toBe(7);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -14)).toBe('2026-02-15');
  });
});
