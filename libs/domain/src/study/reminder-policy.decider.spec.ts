import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, ValidationFailed } from '../shared/domain-error.js';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from './reminder-policy.js';
import { ChangeReminderPolicyBody, changeReminderPolicyFromInput } from './study.commands.js';
import { studyDecider } from './study.decider.js';
import type { StudyEvent } from './study.events.js';

const spec = deciderSpecification(studyDecider);
const now = '2026-11-23T10:00:00.000Z';
const studyId = '5b0e2f1c-6d7a-4c8e-9f10-2a3b4c5d6e7f';
const created: StudyEvent = {
  type: 'StudyCreated',
  data: {
    studyId,
    title: 'Public Service Mutuals Research',
    startsOn: '2018-01-01',
    endsOn: '2030-03-31',
    createdAt: '2026-11-01T09:00:00.000Z',
  },
};
const changed = (policy: ReminderPolicy, at = now, reason?: string): StudyEvent => ({
  type: 'ReminderPolicyChanged',
  data: { studyId, ...policy, ...(reason !== undefined && { reason }), changedAt: at },
});
const fold = (events: StudyEvent[]) => events.reduce(studyDecider.evolve, studyDecider.initialState());

const problemsOf = (body: unknown) => {
  try {
    changeReminderPolicyFromInput(body, studyId, now);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors.map(({ field, rule }) => `${field} ${rule}`);
    throw error;
  }
  return [];
};

describe('reminder policy of a study', () => {
  it('is absent from a study that never recorded one, which then follows the documented default', () => {
    const state = fold([created]);
    expect(state).not.toHaveProperty('reminderPolicy');
    expect(DEFAULT_REMINDER_POLICY).toEqual({
      daysBefore: [14, 3],
      followUpDaysIntoWindow: 7,
      workingHours: { from: '09:00', to: '17:00' },
      workingDays: [1, 2, 3, 4, 5],
    });
  });

  it('reads an empty body as the default policy, written out whole', () => {
    expect(changeReminderPolicyFromInput({}, studyId, now).data.policy).toEqual(DEFAULT_REMINDER_POLICY);
  });

  it('records a first policy even when it is the default, so the study then has one of its own', () => {
    spec
      .given([created])
      .when(changeReminderPolicyFromInput({}, studyId, now))
      .then([changed(DEFAULT_REMINDER_POLICY)]);
  });

  it('records a change with its reason, lists in order, and the state follows it', () => {
    const command = changeReminderPolicyFromInput(
      {
        daysBefore: [3, 21, 7],
        followUpDaysIntoWindow: null,
        workingHours: { from: '10:00', to: '15:30' },
        workingDays: [5, 1, 3],
        reason: 'Fewer emails',
      },
      studyId,
      now,
    );
    const policy: ReminderPolicy = {
      daysBefore: [21, 7, 3],
      followUpDaysIntoWindow: null,
      workingHours: { from: '10:00', to: '15:30' },
      workingDays: [1, 3, 5],
    };
    spec
      .given([created, changed(DEFAULT_REMINDER_POLICY, '2026-11-02T09:00:00.000Z')])
      .when(command)
      .then([changed(policy, now, 'Fewer emails')]);
    expect(fold([created, changed(policy)])).toMatchObject({ reminderPolicy: policy });
  });

  it('records nothing when the policy sent is the one in force, whatever the order of its lists', () => {
    const command = changeReminderPolicyFromInput({ daysBefore: [3, 14], workingDays: [5, 4, 3, 2, 1], reason: 'Again' }, studyId, now);
    spec
      .given([created, changed(DEFAULT_REMINDER_POLICY)])
      .when(command)
      .then([]);
  });

  it('keeps an omitted follow-up as the default and an explicit null as none', () => {
    expect(changeReminderPolicyFromInput({ followUpDaysIntoWindow: null }, studyId, now).data.policy.followUpDaysIntoWindow).toBeNull();
    expect(changeReminderPolicyFromInput({ daysBefore: [] }, studyId, now).data.policy).toMatchObject({
      daysBefore: [],
      followUpDaysIntoWindow: 7,
    });
  });

  it('refuses a policy for a study that does not exist', () => {
    spec
      .given([])
      .when(changeReminderPolicyFromInput({}, studyId, now))
      .thenThrows(NotFound);
  });

  it('refuses an invalid policy built without the body schema, naming each field', () => {
    const command = {
      type: 'ChangeReminderPolicy' as const,
      data: {
        studyId,
        policy: { daysBefore: [0, 3, 3], followUpDaysIntoWindow: 0.5, workingHours: { from: '17:00', to: '09:00' }, workingDays: [] },
      },
      now,
    };
    spec
      .given([created])
      .when(command)
      .thenThrows(ValidationFailed, (error) =>
        expect(error.errors.map(({ field, rule }) => `${field} ${rule}`)).toEqual([
          'daysBefore days-before',
          'daysBefore unique',
          'followUpDaysIntoWindow follow-up-days',
          'workingHours.to after-from',
          'workingDays iso-weekday',
        ]),
      );
  });

  it.each([
    [{ daysBefore: [0] }, ['daysBefore[0] days-before']],
    [{ daysBefore: [91, 2.5, 'x'] }, ['daysBefore[0] days-before', 'daysBefore[1] days-before', 'daysBefore[2] days-before']],
    [{ daysBefore: [14, 3, 14] }, ['daysBefore[2] unique']],
    [{ daysBefore: '14' }, ['daysBefore type']],
    [{ followUpDaysIntoWindow: 0 }, ['followUpDaysIntoWindow follow-up-days']],
    [{ followUpDaysIntoWindow: '7' }, ['followUpDaysIntoWindow follow-up-days']],
    [{ workingHours: { from: '17:00', to: '09:00' } }, ['workingHours.to after-from']],
    [{ workingHours: { from: '09:00', to: '09:00' } }, ['workingHours.to after-from']],
    [{ workingHours: { from: '9:00', to: '24:00' } }, ['workingHours.from clock', 'workingHours.to clock']],
    [{ workingHours: { from: '09:00' } }, ['workingHours.to required']],
    [{ workingDays: [] }, ['workingDays min-items']],
    [{ workingDays: [0, 8, 1, 1] }, ['workingDays[0] iso-weekday', 'workingDays[1] iso-weekday', 'workingDays[3] unique']],
    [{ timeZone: 'Europe/London' }, ['timeZone unknown-field']],
    [{ reason: 'why '.repeat(600) }, ['reason max-length']],
  ])('refuses %j, naming the field and rule', (body, expected) => {
    expect(problemsOf(body)).toEqual(expected);
  });

  it('publishes examples that the schema accepts', () => {
    const examples = (ChangeReminderPolicyBody.meta()?.examples ?? {}) as Record<string, { value: unknown }>;
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    for (const { value } of Object.values(examples)) expect(problemsOf(value)).toEqual([]);
  });
});
