import { assertNever } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import { NotFound, RuleViolated, ValidationFailed } from '../shared/domain-error.js';
import { type ReminderPolicy, normalisedReminderPolicy, reminderPolicyProblems, sameReminderPolicy } from './reminder-policy.js';
import type { StudyCommand } from './study.commands.js';
import type { StudyEvent } from './study.events.js';

export type StudyState =
  | { status: 'not-created' }
  | {
      status: 'created';
      studyId: string;
      title: string;
      startsOn: string;
      endsOn: string;
      aims?: string;
      timeZone?: string;
      /** Absent until one is recorded: the study then follows DEFAULT_REMINDER_POLICY. */
      reminderPolicy?: ReminderPolicy;
    };

type StudyDetails = Pick<Extract<StudyState, { status: 'created' }>, 'title' | 'startsOn' | 'endsOn' | 'aims' | 'timeZone'>;
const DETAIL_FIELDS = ['title', 'startsOn', 'endsOn', 'aims', 'timeZone'] as const;

export const studyDecider: Decider<StudyCommand, StudyEvent, StudyState> = {
  initialState: () => ({ status: 'not-created' }),

  decide(command, state) {
    switch (command.type) {
      case 'CreateStudy':
        if (state.status === 'created') {
          throw new RuleViolated('already-created', `Study ${state.studyId} already exists`);
        }
        return [{ type: 'StudyCreated', data: { ...command.data, createdAt: command.now } }];
      case 'ChangeStudyDetails': {
        if (state.status !== 'created') throw new NotFound('study', command.data.studyId);
        const changed: Partial<StudyDetails> = {};
        for (const field of DETAIL_FIELDS) {
          const value = command.data[field];
          if (value !== undefined && value !== state[field]) changed[field] = value;
        }
        if (Object.keys(changed).length === 0) return [];
        const startsOn = changed.startsOn ?? state.startsOn;
        const endsOn = changed.endsOn ?? state.endsOn;
        if (endsOn < startsOn) {
          throw new RuleViolated('ends-before-start', `The study would end (${endsOn}) before it starts (${startsOn})`);
        }
        // Waves already over stay as they happened; one still to be held must fit the study.
        const stranded = command.openWaves.find((wave) => wave.opensOn < startsOn || wave.closesOn > endsOn);
        if (stranded) {
          throw new RuleViolated(
            'period-excludes-open-wave',
            `Wave ${stranded.waveNumber} of case ${stranded.caseId} (${stranded.opensOn} to ${stranded.closesOn}) would fall outside the period ${startsOn} to ${endsOn}; move or cancel it first`,
          );
        }
        const { reason } = command.data;
        return [
          {
            type: 'StudyDetailsChanged',
            data: { studyId: state.studyId, ...changed, ...(reason !== undefined && { reason }), changedAt: command.now },
          },
        ];
      }
      case 'ChangeReminderPolicy': {
        if (state.status !== 'created') throw new NotFound('study', command.data.studyId);
        const problems = reminderPolicyProblems(command.data.policy);
        if (problems.length > 0) throw new ValidationFailed(problems.map(([field, rule, message]) => ({ field, rule, message })));
        const policy = normalisedReminderPolicy(command.data.policy);
        // The first policy recorded is news even when it equals the default: the study then has one of its own.
        if (state.reminderPolicy && sameReminderPolicy(state.reminderPolicy, policy)) return [];
        const { reason } = command.data;
        return [
          {
            type: 'ReminderPolicyChanged',
            data: { studyId: state.studyId, ...policy, ...(reason !== undefined && { reason }), changedAt: command.now },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StudyCreated': {
        const { studyId, title, startsOn, endsOn, aims, timeZone } = event.data;
        return {
          status: 'created',
          studyId,
          title,
          startsOn,
          endsOn,
          ...(aims !== undefined && { aims }),
          ...(timeZone !== undefined && { timeZone }),
        };
      }
      case 'StudyDetailsChanged': {
        if (state.status !== 'created') return state;
        const next = { ...state };
        for (const field of DETAIL_FIELDS) {
          const value = event.data[field];
          if (value !== undefined) next[field] = value;
        }
        return next;
      }
      case 'ReminderPolicyChanged': {
        if (state.status !== 'created') return state;
        const { daysBefore, followUpDaysIntoWindow, workingHours, workingDays } = event.data;
        return { ...state, reminderPolicy: { daysBefore, followUpDaysIntoWindow, workingHours, workingDays } };
      }
      default:
        return assertNever(event);
    }
  },
};
