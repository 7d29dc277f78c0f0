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
const ids = { caseId: 'a6f7ef47-ee8d-484a-8905-6a3051ddc302', waveId: '0065abd0-0978-4926-878f-5e00851728b3' };
const studyPeriod = { startsOn: '2025-01-06', endsOn: '2029-03-31' };

const interview = {
  role: 'staff',
  interviewedOn: '2026-11-20',
  interviewerAccountId: '92335c34-7049-4088-80c4-76491bd9e686',
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
    expect(
      scheduleWaveFromInput(
        { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-01-31', remindAt: '2027-01-10T08:30:00Z' },
        ids,
        now,
        studyPeriod,
      ).data.remindAt,
    ).toBe('2027-01-10T08:30:00.000Z');
    expect(
      errorsOf(() =>
        scheduleWaveFromInput(
          { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-01-31', remindAt: '2027-02-01T08:30:00Z' },
          ids,
          now,
          studyPeriod,
        ),
      ),
    ).toEqual([['remindAt', 'before-window-closes']]);
  });

  it('names every bad field of a wave at once', () => {
    // Compared as sets: rules across fields are reported after the fields they read.
    expect(
      new Set(
        errorsOf(() =>
          scheduleWaveFromInput(
            {
              waveNumber: 1.5,
              opensOn: '2027-02-01',
              closesOn: '2027-01-31',
              remindContactIds: ['1dee6e3e-c67d-4803-8b33-63d93f46f1af', 'p 2', '1dee6e3e-c67d-4803-8b33-63d93f46f1af'],
              remindAt: 'x',
            },
            ids,
            now,
            studyPeriod,
          ),
        ),
      ),
    ).toEqual(
      new Set([
        ['waveNumber', 'positive-integer'],
        ['closesOn', 'not-before-opening'],
        ['remindContactIds[1]', 'uuid'],
        ['remindContactIds[2]', 'unique'],
        ['remindAt', 'date-time'],
      ]),
    );
  });

  it('caps the contacts one wave reminds', () => {
    const many = Array.from({ length: 51 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-0000000000c0`);
    expect(
      errorsOf(() =>
        scheduleWaveFromInput(
          { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26', remindContactIds: many },
          ids,
          now,
          studyPeriod,
        ),
      ),
    ).toEqual([['remindContactIds', 'max-items']]);
  });

  it('checks a new window when rescheduling', () => {
    expect(
      errorsOf(() => rescheduleWaveFromInput({ opensOn: '2027-03-01', closesOn: '2027-02-01', waveNumber: 2 }, ids, now, studyPeriod)),
    ).toEqual([
      ['waveNumber', 'unknown-field'],
      ['closesOn', 'not-before-opening'],
    ]);
  });

  it('reads an interview and returns its source beside the command, not inside it', () => {
    const { command, source } = recordInterviewFromInput(
      {
        ...interview,
        contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af',
        transcriptReference: 'T-2026-014',
        source: { kind: 'document', reference: 'Field notes' },
      },
      { ...ids, interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97' },
      now,
      '628c9b5c-c36b-4897-87a1-29de8aeb3393',
    );
    expect(command.data).toEqual({
      ...ids,
      interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97',
      ...interview,
      contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af',
      transcriptReference: 'T-2026-014',
    });
    expect(source).toEqual({ kind: 'document', reference: 'Field notes' });
    expect(
      recordInterviewFromInput(
        interview,
        { ...ids, interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97' },
        now,
        '628c9b5c-c36b-4897-87a1-29de8aeb3393',
      ),
    ).not.toHaveProperty('source');
  });

  it('names every bad field of an interview, the source included', () => {
    expect(
      errorsOf(() =>
        recordInterviewFromInput(
          {
            role: 'mayor',
            interviewedOn: '2026-11-24',
            interviewerAccountId: 'not an id',
            consent: 'maybe',
            contactId: '',
            source: { kind: 'url' },
          },
          { ...ids, interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97' },
          now,
          '628c9b5c-c36b-4897-87a1-29de8aeb3393',
        ),
      ),
    ).toEqual([
      ['role', 'one-of'],
      ['interviewedOn', 'not-in-future'],
      ['interviewerAccountId', 'uuid'],
      ['consent', 'one-of'],
      ['contactId', 'uuid'],
      ['source.url', 'required'],
    ]);
  });

  it('accepts an interview held today', () => {
    expect(
      recordInterviewFromInput(
        { ...interview, interviewedOn: '2026-11-23' },
        { ...ids, interviewId: 'f105b11d-f43d-4d32-8f5c-773ef904af97' },
        now,
        '628c9b5c-c36b-4897-87a1-29de8aeb3393',
      ).command.data.interviewedOn,
    ).toBe('2026-11-23');
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
    expect(signOffWaveFromInput({ occurredOn: '2020-04-01', note: 'Checked' }, ids, now).data).toEqual({
      ...ids,
      note: 'Checked',
      occurredOn: '2020-04-01',
    });
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
