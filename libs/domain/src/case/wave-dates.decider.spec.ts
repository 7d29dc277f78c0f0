// The days of a wave: its window inside the study's period, and the day each outcome happened,
// which is recorded apart from the instant someone wrote it down.
import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { RuleViolated } from '../shared/domain-error.js';
import { withdrawCaseFromInput } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import {
  cancelWaveFromInput,
  completeWaveFromInput,
  rescheduleWaveFromInput,
  scheduleWaveFromInput,
  signOffWaveFromInput,
  skipWaveFromInput,
} from './wave.commands.js';

const spec = deciderSpecification(caseDecider);
const now = '2026-11-23T10:00:00.000Z';
const recorded = '2026-11-20T09:00:00.000Z';
const caseId = 'c-1';
const w1 = { caseId, waveId: 'w-1' };
const study = { startsOn: '2018-01-08', endsOn: '2020-03-31' };

const enrolled: CaseEvent = {
  type: 'CaseEnrolled',
  data: {
    caseId,
    studyId: 's-1',
    mutualId: 'm-1',
    selection: { serviceAreas: ['housing'], stageOfDevelopment: 'early', region: 'london', legalForm: 'community-interest-company' },
    enrolledAt: '2018-01-10T09:00:00.000Z',
  },
};
const scheduled = (waveNumber: number, opensOn: string, closesOn: string, waveId = `w-${waveNumber}`): CaseEvent => ({
  type: 'WaveScheduled',
  data: {
    caseId,
    waveId,
    waveNumber,
    opensOn,
    closesOn,
    remindContactIds: [],
    remindAt: `${opensOn}T09:00:00.000Z`,
    scheduledAt: '2018-01-10T09:00:00.000Z',
  },
});
const interviewed = (interviewedOn: string, waveId = 'w-1'): CaseEvent => ({
  type: 'InterviewRecorded',
  data: {
    caseId,
    waveId,
    interviewId: `i-${interviewedOn}`,
    role: 'director',
    interviewedOn,
    interviewerAccountId: 'a-1',
    consent: 'given',
  },
});
const completed = (occurredOn: string): CaseEvent => ({ type: 'WaveCompleted', data: { ...w1, occurredOn, completedAt: recorded } });
const skipped = (occurredOn: string): CaseEvent => ({
  type: 'WaveSkipped',
  data: { ...w1, reason: 'Restructuring', occurredOn, skippedAt: recorded },
});

// Wave 1 of a study that ran 2018-2020, recorded long after.
const wave1 = scheduled(1, '2019-01-07', '2019-03-29');
const started = [enrolled, wave1, interviewed('2019-02-04')];

describe('the days of an interview wave', () => {
  describe('outcomes recorded with the day they happened', () => {
    it('completes a wave on the day given, apart from when it was recorded', () => {
      spec
        .given(started)
        .when(completeWaveFromInput({ occurredOn: '2019-03-29' }, w1, now))
        .then([{ type: 'WaveCompleted', data: { ...w1, occurredOn: '2019-03-29', completedAt: now } }]);
    });

    it('dates an outcome today when no day is given', () => {
      spec
        .given(started)
        .when(completeWaveFromInput(undefined, w1, now))
        .then([{ type: 'WaveCompleted', data: { ...w1, occurredOn: '2026-11-23', completedAt: now } }]);
    });

    it('refuses a completion before the window opened, but takes one on its first day', () => {
      spec
        .given(started)
        .when(completeWaveFromInput({ occurredOn: '2019-01-06' }, w1, now))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('before-window-opens');
          expect(e.message).toBe('Wave 1 opens on 2019-01-07; it cannot be completed on 2019-01-06');
        });
      spec
        .given(started)
        .when(completeWaveFromInput({ occurredOn: '2019-01-07' }, w1, now))
        .then([{ type: 'WaveCompleted', data: { ...w1, occurredOn: '2019-01-07', completedAt: now } }]);
    });

    it('lets a wave be skipped or cancelled before its window opens', () => {
      spec
        .given([enrolled, wave1])
        .when(skipWaveFromInput({ reason: 'The mutual is restructuring', occurredOn: '2018-12-03' }, w1, now))
        .then([{ type: 'WaveSkipped', data: { ...w1, reason: 'The mutual is restructuring', occurredOn: '2018-12-03', skippedAt: now } }]);
      spec
        .given([enrolled, scheduled(1, '2020-03-02', '2020-03-31')])
        .when(cancelWaveFromInput({ reason: 'Lockdown', occurredOn: '2020-02-28' }, w1, now))
        .then([{ type: 'WaveCancelled', data: { ...w1, reason: 'Lockdown', occurredOn: '2020-02-28', cancelledAt: now } }]);
    });

    it('refuses a sign-off before the window opened', () => {
      spec
        .given([enrolled, wave1, skipped('2018-12-03')])
        .when(signOffWaveFromInput({ occurredOn: '2018-12-10' }, w1, now))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('before-window-opens');
          expect(e.message).toContain('cannot be signed off on 2018-12-10');
        });
    });

    it('refuses a sign-off before the day the wave was completed or skipped', () => {
      spec
        .given([...started, completed('2019-03-29')])
        .when(signOffWaveFromInput({ occurredOn: '2019-03-28' }, w1, now))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('sign-off-before-outcome');
          expect(e.message).toBe('Wave 1 was completed on 2019-03-29; it cannot be signed off before that, on 2019-03-28');
        });
      spec
        .given([enrolled, wave1, skipped('2019-02-01')])
        .when(signOffWaveFromInput({ occurredOn: '2019-01-31' }, w1, now))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('sign-off-before-outcome'));
    });

    it('signs off on the day of the outcome or later', () => {
      spec
        .given([...started, completed('2019-03-29')])
        .when(signOffWaveFromInput({ occurredOn: '2019-03-29', note: 'Transcripts checked' }, w1, now))
        .then([{ type: 'WaveSignedOff', data: { ...w1, note: 'Transcripts checked', occurredOn: '2019-03-29', signedOffAt: now } }]);
    });

    it('cancels the open waves of a withdrawn case on the day of the withdrawal', () => {
      spec
        .given([...started, scheduled(2, '2020-03-02', '2020-03-31')])
        .when(withdrawCaseFromInput({ reason: 'The mutual closed', occurredOn: '2020-03-20' }, { caseId }, now))
        .then([
          { type: 'WaveCancelled', data: { ...w1, reason: 'The mutual closed', occurredOn: '2020-03-20', cancelledAt: now } },
          {
            type: 'WaveCancelled',
            data: { caseId, waveId: 'w-2', reason: 'The mutual closed', occurredOn: '2020-03-20', cancelledAt: now },
          },
          { type: 'CaseWithdrawn', data: { caseId, reason: 'The mutual closed', occurredOn: '2020-03-20', withdrawnAt: now } },
        ]);
    });
  });

  describe("windows inside the study's period", () => {
    const schedule = (opensOn: string, closesOn: string) => scheduleWaveFromInput({ waveNumber: 1, opensOn, closesOn }, w1, now, study);

    it('schedules a window that fills the period to both ends', () => {
      spec
        .given([enrolled])
        .when(schedule('2018-01-08', '2020-03-31'))
        .then([
          {
            type: 'WaveScheduled',
            data: {
              ...w1,
              waveNumber: 1,
              opensOn: '2018-01-08',
              closesOn: '2020-03-31',
              remindContactIds: [],
              remindAt: '2018-01-01T09:00:00.000Z',
              scheduledAt: now,
            },
          },
        ]);
    });

    it.each([
      ['opens before the study starts', '2018-01-07', '2018-02-28'],
      ['closes after the study ends', '2020-03-02', '2020-04-01'],
      ['lies wholly after the study', '2021-01-04', '2021-02-26'],
    ])('refuses a window that %s, naming the period', (_, opensOn, closesOn) => {
      spec
        .given([enrolled])
        .when(schedule(opensOn, closesOn))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('outside-study-period');
          expect(e.message).toBe(`The study runs from 2018-01-08 to 2020-03-31; the window ${opensOn} to ${closesOn} falls outside it`);
        });
    });

    it('refuses to move a window out of the period, and checks against the period as it is now', () => {
      spec
        .given(started)
        .when(rescheduleWaveFromInput({ opensOn: '2019-01-07', closesOn: '2020-04-30' }, w1, now, study))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('outside-study-period'));
      const extended = { ...study, endsOn: '2020-06-30' };
      spec
        .given(started)
        .when(rescheduleWaveFromInput({ opensOn: '2019-01-07', closesOn: '2020-04-30' }, w1, now, extended))
        .then([{ type: 'WaveRescheduled', data: { ...w1, opensOn: '2019-01-07', closesOn: '2020-04-30', rescheduledAt: now } }]);
    });
  });
});
