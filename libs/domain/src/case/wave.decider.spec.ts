import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import type { CaseCommand } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import {
  cancelWaveFromInput,
  completeWaveFromInput,
  recordInterviewFromInput,
  rescheduleWaveFromInput,
  scheduleWaveFromInput,
  signOffWaveFromInput,
  skipWaveFromInput,
} from './wave.commands.js';

/** Wave n's id in these examples, a UUID as the API hands out. */
const waveIdOf = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-00000000000a`;

const spec = deciderSpecification(caseDecider);
const studyPeriod = { startsOn: '2025-01-06', endsOn: '2029-03-31' };
const now = '2026-11-23T10:00:00.000Z';
const today = '2026-11-23';
const earlier = '2026-01-05T09:00:00.000Z';
const caseId = 'a6f7ef47-ee8d-484a-8905-6a3051ddc302';

const enrolled: CaseEvent = {
  type: 'CaseEnrolled',
  data: {
    caseId,
    studyId: '6a840baf-5d8c-4ff2-8168-8aeb14546e65',
    mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78',
    selection: {
      serviceAreas: ['sports-and-leisure'],
      stageOfDevelopment: 'developing',
      turnoverBand: '1m-5m',
      employeeBand: '50-249',
      region: 'south-west',
      legalForm: 'community-benefit-society',
    },
    enrolledAt: earlier,
  },
};
const contact = (contactId: string, consentToContact = true): CaseEvent => ({
  type: 'ContactAdded',
  data: {
    caseId,
    contactId,
    role: 'staff',
    consentToContact,
    personal: { name: `Person ${contactId}`, email: `${contactId}@example.org` },
  },
});
const scheduled = (waveNumber: number, opensOn: string, closesOn: string, waveId = waveIdOf(waveNumber)): CaseEvent => ({
  type: 'WaveScheduled',
  data: { caseId, waveId, waveNumber, opensOn, closesOn, remindContactIds: [], remindAt: '2026-01-05T09:00:00.000Z', scheduledAt: earlier },
});
const interviewed = (waveId: string, interviewId: string, interviewedOn: string): CaseEvent => ({
  type: 'InterviewRecorded',
  data: {
    caseId,
    waveId,
    interviewId,
    role: 'director',
    interviewedOn,
    interviewerAccountId: '5e3f483e-7997-4d2e-87ad-c50766d1db20',
    consent: 'given',
  },
});
/** The day wave 1's outcomes of the given histories happened: its window's last day. */
const finishedOn = '2026-03-27';
const ended = (type: 'WaveCompleted' | 'WaveSkipped' | 'WaveCancelled' | 'WaveSignedOff', waveId = waveIdOf(1)): CaseEvent => {
  switch (type) {
    case 'WaveCompleted':
      return { type, data: { caseId, waveId, occurredOn: finishedOn, completedAt: earlier } };
    case 'WaveSkipped':
      return { type, data: { caseId, waveId, reason: 'Restructuring', occurredOn: finishedOn, skippedAt: earlier } };
    case 'WaveCancelled':
      return { type, data: { caseId, waveId, reason: 'Funding cut', occurredOn: finishedOn, cancelledAt: earlier } };
    case 'WaveSignedOff':
      return { type, data: { caseId, waveId, occurredOn: finishedOn, signedOffAt: earlier } };
  }
};

const schedule = (waveNumber: number, opensOn: string, closesOn: string, remindContactIds?: string[], waveId = waveIdOf(waveNumber)) =>
  scheduleWaveFromInput(
    { waveNumber, opensOn, closesOn, ...(remindContactIds && { remindContactIds }) },
    { caseId, waveId },
    now,
    studyPeriod,
  );
const interview = (
  interviewedOn: string,
  extra: Record<string, unknown> = {},
  waveId = waveIdOf(1),
  interviewId = '45cddb47-2b74-4671-8e42-4cadb384b023',
) =>
  recordInterviewFromInput(
    { role: 'service-user', interviewedOn, consent: 'given', ...extra },
    { caseId, waveId, interviewId },
    now,
    '5e3f483e-7997-4d2e-87ad-c50766d1db20',
  ).command;
const w1 = { caseId, waveId: waveIdOf(1) };

// Wave 1's window has passed; interviews in it lie in the past, as recorded interviews must.
const wave1 = scheduled(1, '2026-01-12', '2026-03-27');

describe('interview waves of a case', () => {
  describe('scheduling', () => {
    it('schedules wave 1 with the contacts to remind', () => {
      spec
        .given([enrolled, contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), contact('b97db4a9-f432-4615-8fb1-a5d38cebdac4')])
        .when(schedule(1, '2027-01-11', '2027-02-26', ['b97db4a9-f432-4615-8fb1-a5d38cebdac4', '1dee6e3e-c67d-4803-8b33-63d93f46f1af']))
        .then([
          {
            type: 'WaveScheduled',
            data: {
              caseId,
              waveId: waveIdOf(1),
              waveNumber: 1,
              opensOn: '2027-01-11',
              closesOn: '2027-02-26',
              remindContactIds: ['b97db4a9-f432-4615-8fb1-a5d38cebdac4', '1dee6e3e-c67d-4803-8b33-63d93f46f1af'],
              remindAt: '2027-01-04T09:00:00.000Z',
              scheduledAt: now,
            },
          },
        ]);
    });

    it('starts the sequence at wave 1', () => {
      spec
        .given([enrolled])
        .when(schedule(2, '2027-01-11', '2027-02-26'))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('wave-sequence');
          expect(e.message).toContain('wave 1');
        });
    });

    it('keeps wave numbers in sequence', () => {
      spec
        .given([enrolled, wave1])
        .when(schedule(3, '2027-01-11', '2027-02-26'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('wave-sequence'));
      spec
        .given([enrolled, wave1])
        .when(schedule(1, '2027-01-11', '2027-02-26', undefined, '362bf91d-2fc4-4af5-8d4d-7ce6421b4663'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('wave-sequence'));
    });

    it('lets a replacement take the number of a cancelled wave', () => {
      spec
        .given([enrolled, wave1, scheduled(2, '2026-06-01', '2026-07-31'), ended('WaveCancelled', waveIdOf(2))])
        .when(schedule(2, '2026-06-15', '2026-08-14', undefined, '259a9dbd-dcb0-4937-8b20-e4eeda3af1f8'))
        .then([
          {
            type: 'WaveScheduled',
            data: {
              caseId,
              waveId: '259a9dbd-dcb0-4937-8b20-e4eeda3af1f8',
              waveNumber: 2,
              opensOn: '2026-06-15',
              closesOn: '2026-08-14',
              remindContactIds: [],
              remindAt: '2026-06-08T09:00:00.000Z',
              scheduledAt: now,
            },
          },
        ]);
    });

    it('refuses a window that overlaps another wave, even by one day', () => {
      spec
        .given([enrolled, wave1])
        .when(schedule(2, '2026-03-27', '2026-05-01'))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('overlapping-window');
          expect(e.message).toContain('wave 1');
        });
    });

    it('accepts a window that opens the day after another closes', () => {
      spec
        .given([enrolled, wave1])
        .when(schedule(2, '2026-03-28', '2026-05-01'))
        .then([
          {
            type: 'WaveScheduled',
            data: {
              caseId,
              waveId: waveIdOf(2),
              waveNumber: 2,
              opensOn: '2026-03-28',
              closesOn: '2026-05-01',
              remindContactIds: [],
              remindAt: '2026-03-21T09:00:00.000Z',
              scheduledAt: now,
            },
          },
        ]);
    });

    it('counts a skipped wave as occupying its window', () => {
      spec
        .given([enrolled, wave1, ended('WaveSkipped')])
        .when(schedule(2, '2026-02-01', '2026-05-01'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('overlapping-window'));
    });

    it('refuses to remind someone who is not a contact of the case', () => {
      spec
        .given([enrolled, contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af')])
        .when(schedule(1, '2027-01-11', '2027-02-26', ['1dee6e3e-c67d-4803-8b33-63d93f46f1af', 'fdebb62c-3139-4f74-86fd-a570b2153f6a']))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('unknown-contact');
          expect(e.message).toContain('fdebb62c-3139-4f74-86fd-a570b2153f6a');
        });
    });

    it.each<[string, CaseEvent[]]>([
      ['erased', [{ type: 'ContactErased', data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', erasedAt: earlier } }]],
      [
        'opted out',
        [{ type: 'ContactOptedOut', data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', optedOutAt: earlier } }],
      ],
      [
        'no longer consenting',
        [
          {
            type: 'ContactConsentChanged',
            data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', consentToContact: false, changedAt: earlier },
          },
        ],
      ],
    ])('refuses to remind a contact who is %s', (_, history) => {
      spec
        .given([enrolled, contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), ...history])
        .when(schedule(1, '2027-01-11', '2027-02-26', ['1dee6e3e-c67d-4803-8b33-63d93f46f1af']))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-unavailable'));
    });

    it('refuses to remind a contact who never consented to contact', () => {
      spec
        .given([enrolled, contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af', false)])
        .when(schedule(1, '2027-01-11', '2027-02-26', ['1dee6e3e-c67d-4803-8b33-63d93f46f1af']))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-unavailable'));
    });

    it('refuses to reuse a wave id', () => {
      spec
        .given([enrolled, wave1])
        .when(schedule(2, '2027-01-11', '2027-02-26', undefined, waveIdOf(1)))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('wave-exists'));
    });
  });

  describe('recording interviews', () => {
    it('records an interview inside the window', () => {
      spec
        .given([enrolled, contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af'), wave1])
        .when(interview('2026-01-12', { contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', transcriptReference: 'T-14' }))
        .then([
          {
            type: 'InterviewRecorded',
            data: {
              caseId,
              waveId: waveIdOf(1),
              interviewId: '45cddb47-2b74-4671-8e42-4cadb384b023',
              role: 'service-user',
              interviewedOn: '2026-01-12',
              interviewerAccountId: '5e3f483e-7997-4d2e-87ad-c50766d1db20',
              consent: 'given',
              transcriptReference: 'T-14',
              contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af',
            },
          },
        ]);
    });

    it('accepts an interview on the last day of the window', () => {
      spec
        .given([enrolled, wave1, interviewed(waveIdOf(1), 'f105b11d-f43d-4d32-8f5c-773ef904af97', '2026-02-02')])
        .when(interview('2026-03-27'))
        .then([
          {
            type: 'InterviewRecorded',
            data: {
              caseId,
              waveId: waveIdOf(1),
              interviewId: '45cddb47-2b74-4671-8e42-4cadb384b023',
              role: 'service-user',
              interviewedOn: '2026-03-27',
              interviewerAccountId: '5e3f483e-7997-4d2e-87ad-c50766d1db20',
              consent: 'given',
            },
          },
        ]);
    });

    it.each([
      ['before the window opens', '2026-01-11'],
      ['after the window closes', '2026-03-28'],
    ])('refuses an interview %s', (_, interviewedOn) => {
      spec
        .given([enrolled, wave1])
        .when(interview(interviewedOn))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('outside-window'));
    });

    it('refuses an interview with someone who is not a contact of the case', () => {
      spec
        .given([enrolled, wave1])
        .when(interview('2026-02-02', { contactId: 'fdebb62c-3139-4f74-86fd-a570b2153f6a' }))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('unknown-contact'));
    });

    it('refuses to tie a new interview to an erased contact', () => {
      spec
        .given([
          enrolled,
          contact('1dee6e3e-c67d-4803-8b33-63d93f46f1af'),
          { type: 'ContactErased', data: { caseId, contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af', erasedAt: earlier } },
          wave1,
        ])
        .when(interview('2026-02-02', { contactId: '1dee6e3e-c67d-4803-8b33-63d93f46f1af' }))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('contact-erased'));
    });

    it('refuses to record the same interview id twice, even in another wave', () => {
      spec
        .given([
          enrolled,
          wave1,
          interviewed(waveIdOf(1), 'f105b11d-f43d-4d32-8f5c-773ef904af97', '2026-02-02'),
          scheduled(2, '2026-06-01', '2026-07-31'),
        ])
        .when(interview('2026-06-02', {}, waveIdOf(2), 'f105b11d-f43d-4d32-8f5c-773ef904af97'))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('interview-exists'));
    });

    it('knows no wave it never scheduled', () => {
      spec
        .given([enrolled, wave1])
        .when(interview('2026-02-02', {}, '82bc2eed-ddca-4adb-8ff0-8fba2fb4777b'))
        .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['wave', '82bc2eed-ddca-4adb-8ff0-8fba2fb4777b']));
    });
  });

  describe('rescheduling', () => {
    it('moves a wave to a new window', () => {
      spec
        .given([enrolled, wave1])
        .when(rescheduleWaveFromInput({ opensOn: '2026-02-01', closesOn: '2026-04-30' }, w1, now, studyPeriod))
        .then([
          {
            type: 'WaveRescheduled',
            data: { caseId, waveId: waveIdOf(1), opensOn: '2026-02-01', closesOn: '2026-04-30', rescheduledAt: now },
          },
        ]);
    });

    it('records nothing when the window is unchanged', () => {
      spec
        .given([enrolled, wave1])
        .when(rescheduleWaveFromInput({ opensOn: '2026-01-12', closesOn: '2026-03-27' }, w1, now, studyPeriod))
        .then([]);
    });

    it('refuses a new window that overlaps another wave', () => {
      spec
        .given([enrolled, wave1, scheduled(2, '2026-06-01', '2026-07-31')])
        .when(rescheduleWaveFromInput({ opensOn: '2026-03-01', closesOn: '2026-06-01' }, w1, now, studyPeriod))
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('overlapping-window'));
    });

    it('ignores the overlap with a cancelled wave', () => {
      spec
        .given([enrolled, wave1, scheduled(2, '2026-06-01', '2026-07-31'), ended('WaveCancelled', waveIdOf(2))])
        .when(rescheduleWaveFromInput({ opensOn: '2026-03-01', closesOn: '2026-06-30' }, w1, now, studyPeriod))
        .then([
          {
            type: 'WaveRescheduled',
            data: { caseId, waveId: waveIdOf(1), opensOn: '2026-03-01', closesOn: '2026-06-30', rescheduledAt: now },
          },
        ]);
    });

    it('refuses a new window that would leave a recorded interview outside it', () => {
      spec
        .given([enrolled, wave1, interviewed(waveIdOf(1), 'f105b11d-f43d-4d32-8f5c-773ef904af97', '2026-01-20')])
        .when(rescheduleWaveFromInput({ opensOn: '2026-02-01', closesOn: '2026-04-30' }, w1, now, studyPeriod))
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('outside-window');
          expect(e.message).toContain('f105b11d-f43d-4d32-8f5c-773ef904af97');
        });
    });
  });

  describe('lifecycle: scheduled -> in-progress -> completed | skipped | cancelled; completed | skipped -> signed-off', () => {
    const inProgress = [enrolled, wave1, interviewed(waveIdOf(1), 'f105b11d-f43d-4d32-8f5c-773ef904af97', '2026-02-02')];
    const histories: Record<string, CaseEvent[]> = {
      scheduled: [enrolled, wave1],
      'in-progress': inProgress,
      completed: [...inProgress, ended('WaveCompleted')],
      skipped: [enrolled, wave1, ended('WaveSkipped')],
      cancelled: [enrolled, wave1, ended('WaveCancelled')],
      'signed-off': [...inProgress, ended('WaveCompleted'), ended('WaveSignedOff')],
    };

    const commands: Record<string, CaseCommand> = {
      RecordInterview: interview('2026-03-01'),
      RescheduleWave: rescheduleWaveFromInput({ opensOn: '2026-01-12', closesOn: '2026-03-31' }, w1, now, studyPeriod),
      CompleteWave: completeWaveFromInput({}, w1, now),
      SkipWave: skipWaveFromInput({ reason: 'Restructuring' }, w1, now),
      CancelWave: cancelWaveFromInput({ reason: 'Funding cut' }, w1, now),
      SignOffWave: signOffWaveFromInput({ note: 'Transcripts checked' }, w1, now),
    };

    const allowed: Record<string, CaseEvent> = {
      RecordInterview: {
        type: 'InterviewRecorded',
        data: {
          caseId,
          waveId: waveIdOf(1),
          interviewId: '45cddb47-2b74-4671-8e42-4cadb384b023',
          role: 'service-user',
          interviewedOn: '2026-03-01',
          interviewerAccountId: '5e3f483e-7997-4d2e-87ad-c50766d1db20',
          consent: 'given',
        },
      },
      RescheduleWave: {
        type: 'WaveRescheduled',
        data: { caseId, waveId: waveIdOf(1), opensOn: '2026-01-12', closesOn: '2026-03-31', rescheduledAt: now },
      },
      CompleteWave: { type: 'WaveCompleted', data: { caseId, waveId: waveIdOf(1), occurredOn: today, completedAt: now } },
      SkipWave: { type: 'WaveSkipped', data: { caseId, waveId: waveIdOf(1), reason: 'Restructuring', occurredOn: today, skippedAt: now } },
      CancelWave: {
        type: 'WaveCancelled',
        data: { caseId, waveId: waveIdOf(1), reason: 'Funding cut', occurredOn: today, cancelledAt: now },
      },
      SignOffWave: {
        type: 'WaveSignedOff',
        data: { caseId, waveId: waveIdOf(1), note: 'Transcripts checked', occurredOn: today, signedOffAt: now },
      },
    };

    // For each command, each state: 'allowed' or the rule that refuses it.
    const table: [string, string, string][] = [
      ['RecordInterview', 'scheduled', 'allowed'],
      ['RecordInterview', 'in-progress', 'allowed'],
      ['RecordInterview', 'completed', 'wave-closed'],
      ['RecordInterview', 'skipped', 'wave-closed'],
      ['RecordInterview', 'cancelled', 'wave-closed'],
      ['RecordInterview', 'signed-off', 'wave-closed'],
      ['RescheduleWave', 'scheduled', 'allowed'],
      ['RescheduleWave', 'in-progress', 'allowed'],
      ['RescheduleWave', 'completed', 'wave-closed'],
      ['RescheduleWave', 'skipped', 'wave-closed'],
      ['RescheduleWave', 'cancelled', 'wave-closed'],
      ['RescheduleWave', 'signed-off', 'wave-closed'],
      ['CompleteWave', 'scheduled', 'no-interviews'],
      ['CompleteWave', 'in-progress', 'allowed'],
      ['CompleteWave', 'completed', 'wave-closed'],
      ['CompleteWave', 'skipped', 'wave-closed'],
      ['CompleteWave', 'cancelled', 'wave-closed'],
      ['CompleteWave', 'signed-off', 'wave-closed'],
      ['SkipWave', 'scheduled', 'allowed'],
      ['SkipWave', 'in-progress', 'wave-started'],
      ['SkipWave', 'completed', 'wave-closed'],
      ['SkipWave', 'skipped', 'wave-closed'],
      ['SkipWave', 'cancelled', 'wave-closed'],
      ['SkipWave', 'signed-off', 'wave-closed'],
      ['CancelWave', 'scheduled', 'allowed'],
      ['CancelWave', 'in-progress', 'allowed'],
      ['CancelWave', 'completed', 'wave-closed'],
      ['CancelWave', 'skipped', 'wave-closed'],
      ['CancelWave', 'cancelled', 'wave-closed'],
      ['CancelWave', 'signed-off', 'wave-closed'],
      ['SignOffWave', 'scheduled', 'not-finished'],
      ['SignOffWave', 'in-progress', 'not-finished'],
      ['SignOffWave', 'completed', 'allowed'],
      ['SignOffWave', 'skipped', 'allowed'],
      ['SignOffWave', 'cancelled', 'not-finished'],
      ['SignOffWave', 'signed-off', 'already-signed-off'],
    ];

    it.each(table)('%s on a %s wave: %s', (command, status, outcome) => {
      const given = histories[status];
      if (outcome === 'allowed') {
        spec.given(given).when(commands[command]).then([allowed[command]]);
      } else {
        spec
          .given(given)
          .when(commands[command])
          .thenThrows(RuleViolated, (e) => expect(e.rule).toBe(outcome));
      }
    });

    it('covers every command in every state', () => {
      expect(table).toHaveLength(Object.keys(commands).length * Object.keys(histories).length);
    });
  });
});
