import { assertNever } from '../shared/assert-never.js';
import { type Decider } from '../shared/decider.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import type { MutualCommand } from './mutual.commands.js';
import type { MutualEvent } from './mutual.events.js';

export type MutualState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      mutualId: string;
      spunOutOn?: string;
      milestoneIds: string[];
      waveNumbers: number[];
    };

export const mutualDecider: Decider<MutualCommand, MutualEvent, MutualState> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    if (command.type === 'RegisterMutual') {
      if (state.status === 'registered') {
        throw new RuleViolated('already-registered', `Mutual ${state.mutualId} is already registered`);
      }
      return [{ type: 'MutualRegistered', data: { ...command.data, registeredAt: command.now } }];
    }
    if (state.status !== 'registered') {
      const id = command.type === 'RecordMilestone' ? command.milestone.data.mutualId : command.data.mutualId;
      throw new NotFound('mutual', id);
    }
    switch (command.type) {
      case 'RecordMilestone': {
        const { milestone } = command;
        if (state.milestoneIds.includes(milestone.data.milestoneId)) {
          throw new RuleViolated('milestone-exists', `Milestone ${milestone.data.milestoneId} is already recorded`);
        }
        if (milestone.type === 'MutualSpunOut' && state.spunOutOn !== undefined) {
          throw new RuleViolated(
            'already-spun-out',
            `The spin-out of this mutual is already recorded (${state.spunOutOn}); correct that record instead`,
          );
        }
        return [milestone];
      }
      case 'ScheduleInterviewWave': {
        const expected = state.waveNumbers.length === 0 ? 1 : Math.max(...state.waveNumbers) + 1;
        if (command.data.waveNumber !== expected) {
          throw new RuleViolated('wave-sequence', `The next interview wave of this mutual is wave ${expected}`);
        }
        return [{ type: 'InterviewWaveScheduled', data: command.data }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MutualRegistered':
        return { status: 'registered', mutualId: event.data.mutualId, milestoneIds: [], waveNumbers: [] };
      case 'MutualSpunOut':
      case 'ContractAwarded':
      case 'ContractRenewed':
        if (state.status !== 'registered') return state;
        return {
          ...state,
          spunOutOn: event.type === 'MutualSpunOut' ? event.data.occurredOn : state.spunOutOn,
          milestoneIds: [...state.milestoneIds, event.data.milestoneId],
        };
      case 'InterviewWaveScheduled':
        if (state.status !== 'registered') return state;
        return { ...state, waveNumbers: [...state.waveNumbers, event.data.waveNumber] };
      default:
        return assertNever(event);
    }
  },
};
