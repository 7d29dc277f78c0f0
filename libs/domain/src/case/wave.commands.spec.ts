import {
  cancelWaveFromInput,
  completeWaveFromInput,
  recordInterviewFromInput,
  rescheduleWaveFromInput,
  scheduleWaveFromInput,
  signOffWaveFromInput,
  skipWaveFromInput,
} from './wave.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { caseId: 'c-1', waveId: 'w-1' };
const studyPeriod = { startsOn: '2025-01-06', endsOn: '2029-03-31' };


const interview = {
  role: 'staff',
  interviewedOn: '2026-11-20',
  interviewerAccountId: 'a-colleague',
  consent: 'given',
};

describe('reading wave commands from input', () => {
  it('reads a wave with no contacts to remind as an empty list', () => {
    expect(scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-01-11' }, ids, now, studyPeriod).data).toEqual({
      ...ids,
      waveNumber: 1,
      opensOn: '2027-01-11',
      closesOn: '2027-01-11',
      remindContactIds: [],
      remindAt: '2027-01-04T09:00:00.000Z',
    });
  });

  it('reminds at the time asked for, but not after the window closes', () => {
    expect(scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-01-31', remindAt: '2027-01-10T08:30:00Z' }, ids, now, studyPeriod).data.remindAt).toBe(
      '2027-01-10T08:30:00.000Z',
    );
    expect(errorsOf(() => scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-01-31', remindAt: '2027-02-01T08:30:00Z' }, ids, now, studyPeriod))).toEqual([
      ['remindAt', 'before-window-closes'],
    ]);
  });

  it('names every bad field of a wave at once', () => {
    expect(
      errorsOf(() =>
        scheduleWaveFromInput(
          { waveNumber: 1.5, opensOn: '2027-02-01', closesOn: '2027-01-31', remindContactIds: ['p-1', 'p 2', 'p-1'], remindAt: 'x' },
          ids,
          now,
          studyPeriod,
        ),
      ),
    ).toEqual([
      ['waveNumber', 'positive-integer'],
      ['closesOn', 'not-before-opening'],
      ['remindContactIds[1]', 'id'],
      ['remindContactIds[2]', 'unique'],
      ['remindAt', 'date-time'],
    ]);
  });

  it('caps the contacts one wave reminds', () => {
    const many = Array.from({ length: 51 }, (_, i) => `p-${i}`);
    expect(errorsOf(() => scheduleWaveFromInput({ waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26', remindContactIds: many }, ids, now, studyPeriod))).toEqual([
      ['remindContactIds', 'max-items'],
    ]);
  });

  it('checks a new window when rescheduling', () => {
    expect(errorsOf(() => rescheduleWaveFromInput({ opensOn: '2027-03-01', closesOn: '2027-02-01', waveNumber: 2 }, ids, now, studyPeriod))).toEqual([
      ['waveNumber', 'unknown-field'],
      ['closesOn', 'not-before-opening'],
    ]);
  });

  it('reads an interview and returns its source beside the command, not inside it', () => {
    const { command, source } = recordInterviewFromInput(
      { ...interview, contactId: 'p-1', transcriptReference: 'T-2026-014', source: { kind: 'document', reference: 'Field notes' } },
      { ...ids, interviewId: 'i-1' },
      now,
      'a-recorder',
    );
    expect(command.data).toEqual({ ...ids, interviewId: 'i-1', ...interview, contactId: 'p-1', transcriptReference: 'T-2026-014' });
    expect(source).toEqual({ kind: 'document', reference: 'Field notes' });
    expect(recordInterviewFromInput(interview, { ...ids, interviewId: 'i-1' }, now, 'a-recorder')).not.toHaveProperty('source');
  });

  it('names every bad field of an interview, the source included', () => {
    expect(
      errorsOf(() =>
        recordInterviewFromInput(
          { role: 'mayor', interviewedOn: '2026-11-24', interviewerAccountId: 'not an id', consent: 'maybe', contactId: '', source: { kind: 'url' } },
          { ...ids, interviewId: 'i-1' },
          now,
          'a-recorder',
        ),
      ),
    ).toEqual([
      ['role', 'one-of'],
      ['interviewedOn', 'not-in-future'],
      ['interviewerAccountId', 'id'],
      ['consent', 'one-of'],
      ['contactId', 'id'],
      ['source.url', 'required'],
    ]);
  });

  it('accepts an interview held today', () => {
    expect(recordInterviewFromInput({ ...interview, interviewedOn: '2026-11-23' }, { ...ids, interviewId: 'i-1' }, now, 'a-recorder').command.data.interviewedOn).toBe(
      '2026-11-23',
    );
  });

  it('lets completion and sign-off come with no body, but not with unknown fields', () => {
    expect(completeWaveFromInput(undefined, ids, now)).toEqual({ type: 'CompleteWave', data: { ...ids, occurredOn: '2026-11-23' }, now });
    expect(signOffWaveFromInput(null, ids, now)).toEqual({ type: 'SignOffWave', data: { ...ids, occurredOn: '2026-11-23' }, now });
    expect(errorsOf(() => completeWaveFromInput({ note: 'done' }, ids, now))).toEqual([['note', 'unknown-field']]);
  });

  it('needs a reason to skip or cancel a wave', () => {
    expect(errorsOf(() => skipWaveFromInput({}, ids, now))).toEqual([['reason', 'required']]);
    expect(errorsOf(() => cancelWaveFromInput({ reason: ' ' }, ids, now))).toEqual([['reason', 'not-blank']]);
  });

  it('dates an outcome today (UTC) unless told the day it happened, which cannot be in the future', () => {
    expect(completeWaveFromInput({}, ids, '2026-11-23T23:59:59.999Z').data.occurredOn).toBe('2026-11-23');
    expect(skipWaveFromInput({ reason: 'Restructuring', occurredOn: '2020-03-16' }, ids, now).data.occurredOn).toBe('2020-03-16');
    expect(cancelWaveFromInput({ reason: 'Lockdown', occurredOn: '2026-11-23' }, ids, now).data.occurredOn).toBe('2026-11-23');
    expect(signOffWaveFromInput({ occurredOn: '2020-04-01', note: 'Checked' }, ids, now).data).toEqual({ ...ids, note: 'Checked', occurredOn: '2020-04-01' });
    for (const read of [
      () => completeWaveFromInput({ occurredOn: '2026-11-24' }, ids, now),
      () => skipWaveFromInput({ reason: 'x', occurredOn: '2026-11-24' }, ids, now),
      () => cancelWaveFromInput({ reason: 'x', occurredOn: '2026-11-24' }, ids, now),
      () => signOffWaveFromInput({ occurredOn: '2026-11-24' }, ids, now),
    ]) {
      expect(errorsOf(read)).toEqual([['occurredOn', 'not-in-future']]);
    }
    expect(errorsOf(() => cancelWaveFromInput({ reason: 'x', occurredOn: 'March 2020' }, ids, now))).toEqual([['occurredOn', 'date']]);
    expect(errorsOf(() => completeWaveFromInput({ occurredOn: '2020-02-30' }, ids, now))).toEqual([['occurredOn', 'date']]);
  });
});
