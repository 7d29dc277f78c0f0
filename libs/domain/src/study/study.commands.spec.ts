import { changeStudyDetailsFromInput, createStudyFromInput } from './study.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';

describe('reading study commands from input', () => {
  it('reads a study, trimming text and leaving out absent aims', () => {
    expect(
      createStudyFromInput({ title: ' Public Service Mutuals Research ', startsOn: '2018-01-01', endsOn: '2020-03-31' }, 's-1', now),
    ).toEqual({
      type: 'CreateStudy',
      data: { studyId: 's-1', title: 'Public Service Mutuals Research', startsOn: '2018-01-01', endsOn: '2020-03-31' },
      now,
    });
  });

  it('names every bad field at once', () => {
    expect(errorsOf(() => createStudyFromInput({ startsOn: '2018-01', endsOn: '2018-02-30', aims: '  ', budget: 1 }, 's-1', now))).toEqual([
      ['budget', 'unknown-field'],
      ['title', 'required'],
      ['startsOn', 'date'],
      ['endsOn', 'date'],
      ['aims', 'not-blank'],
    ]);
  });

  it('refuses a study that ends before it starts, but allows a one-day study', () => {
    expect(errorsOf(() => createStudyFromInput({ title: 'T', startsOn: '2020-03-31', endsOn: '2018-01-01' }, 's-1', now))).toEqual([
      ['endsOn', 'not-before-start'],
    ]);
    expect(createStudyFromInput({ title: 'T', startsOn: '2018-01-01', endsOn: '2018-01-01' }, 's-1', now).data.endsOn).toBe('2018-01-01');
  });

  it('rejects a body that is not an object', () => {
    expect(errorsOf(() => createStudyFromInput('title', 's-1', now))).toEqual([
      ['(body)', 'object'],
      ['title', 'required'],
      ['startsOn', 'required'],
      ['endsOn', 'required'],
    ]);
  });

  it('needs at least one detail to change', () => {
    expect(errorsOf(() => changeStudyDetailsFromInput({}, 's-1', now, []))).toEqual([['(body)', 'at-least-one-field']]);
  });

  it('checks changed dates given together against each other', () => {
    expect(errorsOf(() => changeStudyDetailsFromInput({ startsOn: '2019-01-01', endsOn: '2018-12-31' }, 's-1', now, []))).toEqual([
      ['endsOn', 'not-before-start'],
    ]);
    expect(errorsOf(() => changeStudyDetailsFromInput({ endsOn: 'soon' }, 's-1', now, []))).toEqual([['endsOn', 'date']]);
  });

  it('reads a time zone by its IANA name and refuses what is not one', () => {
    expect(
      createStudyFromInput({ title: 'T', startsOn: '2018-01-08', endsOn: '2020-03-31', timeZone: 'Europe/London' }, 's-1', now).data
        .timeZone,
    ).toBe('Europe/London');
    expect(changeStudyDetailsFromInput({ timeZone: 'UTC' }, 's-1', now, []).data).toEqual({ studyId: 's-1', timeZone: 'UTC' });
    for (const timeZone of ['Europe/Atlantis', '+01:00', 'GMT+1', 'london', 3, '']) {
      expect([timeZone, errorsOf(() => changeStudyDetailsFromInput({ timeZone }, 's-1', now, []))]).toEqual([
        timeZone,
        [['timeZone', 'time-zone']],
      ]);
    }
  });

  it('takes a reason beside the details, but a reason alone changes nothing', () => {
    expect(changeStudyDetailsFromInput({ endsOn: '2020-06-30', reason: ' Extended by the funder ' }, 's-1', now, []).data).toEqual({
      studyId: 's-1',
      endsOn: '2020-06-30',
      reason: 'Extended by the funder',
    });
    expect(errorsOf(() => changeStudyDetailsFromInput({ reason: 'Tidying up' }, 's-1', now, []))).toEqual([
      ['(body)', 'at-least-one-field'],
    ]);
  });
});
