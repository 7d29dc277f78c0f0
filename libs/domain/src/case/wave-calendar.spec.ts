import { errorsOf } from '../../../../test/support/errors-of.js';
import { readBody } from '../shared/read-body.js';
import { WaveCalendarQuery, dayAfter, dayInTimeZone, daysBetween, encodeWaveCalendarCursor, waveOnCalendar } from './wave-calendar.js';

const caseId = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const waveId = '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

describe('the wave calendar', () => {
  it('reads today in the study’s time zone, not the server’s', () => {
    // 23:30 UTC on 31 March is already 1 April in London (BST) and still 31 March in New York.
    const instant = new Date('2027-03-31T23:30:00Z');
    expect(dayInTimeZone(instant, 'Europe/London')).toBe('2027-04-01');
    expect(dayInTimeZone(instant, 'America/New_York')).toBe('2027-03-31');
    expect(dayInTimeZone(instant)).toBe('2027-03-31');
    expect(dayInTimeZone(new Date('2027-01-01T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-02');
  });

  it('counts days across month, year and clock changes', () => {
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2027-01-10', '2027-01-01')).toBe(-9);
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2027-12-31')).toBe('2028-01-01');
  });

  it('places a wave on a day: upcoming, open, overdue, or finished', () => {
    const window = { opensOn: '2027-03-10', closesOn: '2027-03-20' };
    expect(waveOnCalendar({ ...window, status: 'scheduled' }, '2027-03-01')).toEqual({
      state: 'scheduled',
      daysUntilOpening: 9,
      daysOverdue: null,
    });
    expect(waveOnCalendar({ ...window, status: 'scheduled' }, '2027-03-10')).toEqual({
      state: 'scheduled',
      daysUntilOpening: 0,
      daysOverdue: null,
    });
    expect(waveOnCalendar({ ...window, status: 'in-progress' }, '2027-03-20')).toEqual({
      state: 'in-progress',
      daysUntilOpening: null,
      daysOverdue: null,
    });
    expect(waveOnCalendar({ ...window, status: 'in-progress' }, '2027-03-23')).toEqual({
      state: 'overdue',
      daysUntilOpening: null,
      daysOverdue: 3,
    });
    expect(waveOnCalendar({ ...window, status: 'completed' }, '2027-04-30')).toEqual({
      state: 'completed',
      daysUntilOpening: null,
      daysOverdue: null,
    });
    expect(waveOnCalendar({ ...window, status: 'cancelled' }, '2027-03-01')).toMatchObject({ state: 'cancelled', daysOverdue: null });
  });

  it('reads its query string, naming each bad parameter and rule', () => {
    const cursor = encodeWaveCalendarCursor(['2027-03-10', caseId, waveId]);
    expect(readBody(WaveCalendarQuery, { from: '2027-01-01', to: '2027-12-31', state: 'overdue,scheduled', limit: '20', cursor })).toEqual({
      from: '2027-01-01',
      to: '2027-12-31',
      state: ['overdue', 'scheduled'],
      limit: 20,
      cursor: ['2027-03-10', caseId, waveId],
    });
    expect(readBody(WaveCalendarQuery, { state: ['completed', 'cancelled'] })).toEqual({ state: ['completed', 'cancelled'] });
    expect(errorsOf(() => readBody(WaveCalendarQuery, { from: '2027-02-30', to: 'soon', state: 'late', limit: '0' }))).toEqual([
      ['from', 'date'],
      ['to', 'date'],
      ['state[0]', 'one-of'],
      ['limit', 'page-size'],
    ]);
    expect(errorsOf(() => readBody(WaveCalendarQuery, { from: '2027-06-01', to: '2027-05-31' }))).toEqual([['to', 'not-before-from']]);
    expect(errorsOf(() => readBody(WaveCalendarQuery, { state: 'overdue,overdue' }))).toEqual([['state[1]', expect.any(String)]]);
    for (const bad of [
      '',
      'abc',
      encodeWaveCalendarCursor(['2027-03-10', caseId] as never),
      encodeWaveCalendarCursor(['x', caseId, waveId]),
    ]) {
      expect(errorsOf(() => readBody(WaveCalendarQuery, { cursor: bad }))).toEqual([['cursor', 'cursor']]);
    }
    expect(errorsOf(() => readBody(WaveCalendarQuery, { colour: 'red' }))).toEqual([['colour', expect.any(String)]]);
  });
});
