import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound } from '../shared/domain-error.js';
import { caseDecider } from './case.decider.js';
import type { CaseEvent } from './case.events.js';
import { remindersOfCase } from './reminder-schedule.js';
import type { RecordReminderFailed, RecordReminderSent } from './reminder.commands.js';
import { DEFAULT_REMINDER_POLICY } from '../study/reminder-policy.js';
import type { CaseState } from './case.state.js';

const spec = deciderSpecification(caseDecider);
const now = '2026-11-23T10:00:00.000Z';
const caseId = 'a6f7ef47-ee8d-484a-8905-6a3051ddc302';
const waveId = '00000001-0000-4000-8000-00000000000a';
const contactId = '1dee6e3e-c67d-4803-8b33-63d93f46f1af';
const reminderId = `reminder_${waveId}_${contactId}_before-14_v1`;

const history: CaseEvent[] = [
  {
    type: 'CaseEnrolled',
    data: {
      caseId,
      studyId: '450222bc-c347-4b01-8a69-d5b0150a75a0',
      mutualId: 'a461b472-cb41-49ec-8dee-5c90cf8e4a78',
      selection: {
        serviceAreas: ['health-and-social-care'],
        stageOfDevelopment: 'established',
        region: 'north-west',
        legalForm: 'community-interest-company',
      },
      enrolledAt: '2026-01-05T09:00:00.000Z',
    },
  },
  {
    type: 'ContactAdded',
    data: { caseId, contactId, role: 'director', consentToContact: true, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } },
  },
  {
    type: 'WaveScheduled',
    data: {
      caseId,
      waveId,
      waveNumber: 1,
      opensOn: '2027-01-11',
      closesOn: '2027-02-26',
      remindContactIds: [contactId],
      remindAt: '2026-12-28T09:00:00.000Z',
      scheduledAt: '2026-11-20T09:00:00.000Z',
    },
  },
];
const ref = { caseId, waveId, contactId, reminderId, kind: 'before-opening' as const, daysBefore: 14, windowVersion: 1 };
const sent: RecordReminderSent = { type: 'RecordReminderSent', data: { ...ref, messageId: '<m-1@casebook.example.org>' }, now };
const failed: RecordReminderFailed = {
  type: 'RecordReminderFailed',
  data: { ...ref, failure: 'rejected', smtpCode: 550, attempts: 1, reason: '550 5.1.1 <sam.patel@example.org>: no such user' },
  now,
};
const stateAfter = (events: CaseEvent[]): CaseState => events.reduce(caseDecider.evolve, caseDecider.initialState());

describe('recording what became of a reminder', () => {
  it('records a sent reminder once, however often the worker reports it', () => {
    spec
      .given(history)
      .when(sent)
      .then([{ type: 'ReminderSent', data: { ...sent.data, sentAt: now } }]);
    spec
      .given([...history, { type: 'ReminderSent', data: { ...sent.data, sentAt: now } }])
      .when(sent)
      .then([]);
  });

  it("keeps the mail server's words, which may quote the address, with the contact's personal data", () => {
    const { reason: _reason, ...rest } = failed.data;
    spec
      .given(history)
      .when(failed)
      .then([{ type: 'ReminderFailed', data: { ...rest, failedAt: now, personal: { reason: failed.data.reason } } }]);
  });

  it('records the outcome even once the case was withdrawn: what went out went out', () => {
    const withdrawn: CaseEvent = {
      type: 'CaseWithdrawn',
      data: { caseId, reason: 'The board declined', occurredOn: '2026-12-01', withdrawnAt: '2026-12-01T09:00:00.000Z' },
    };
    spec
      .given([...history, withdrawn])
      .when(sent)
      .then([{ type: 'ReminderSent', data: { ...sent.data, sentAt: now } }]);
  });

  it('refuses an outcome for a wave or a contact the case does not have', () => {
    spec
      .given(history)
      .when({ ...sent, data: { ...sent.data, waveId: '00000009-0000-4000-8000-00000000000a' } })
      .thenThrows(NotFound);
    spec
      .given(history)
      .when({ ...sent, data: { ...sent.data, contactId: '2dee6e3e-c67d-4803-8b33-63d93f46f1af' } })
      .thenThrows(NotFound);
  });

  it('leaves a sent or failed reminder out of the schedule, and calls for the new window version after a reschedule', () => {
    const record = (events: CaseEvent[]) => ({ policy: DEFAULT_REMINDER_POLICY, timeZone: 'Europe/London', case: stateAfter(events) });
    const at = '2026-11-24T10:00:00.000Z';
    const ids = (events: CaseEvent[]) => remindersOfCase(record(events), at).map((reminder) => reminder.jobId);
    expect(ids(history)).toEqual([
      reminderId,
      `reminder_${waveId}_${contactId}_before-3_v1`,
      `reminder_${waveId}_${contactId}_follow-up_v1`,
    ]);
    const afterSent: CaseEvent[] = [...history, { type: 'ReminderSent', data: { ...sent.data, sentAt: now } }];
    expect(ids(afterSent)).toEqual([`reminder_${waveId}_${contactId}_before-3_v1`, `reminder_${waveId}_${contactId}_follow-up_v1`]);
    const rescheduled: CaseEvent[] = [
      ...afterSent,
      { type: 'WaveRescheduled', data: { caseId, waveId, opensOn: '2027-02-01', closesOn: '2027-03-26', rescheduledAt: now } },
    ];
    expect(ids(rescheduled)).toEqual([
      `reminder_${waveId}_${contactId}_before-14_v2`,
      `reminder_${waveId}_${contactId}_before-3_v2`,
      `reminder_${waveId}_${contactId}_follow-up_v2`,
    ]);
  });
});
