import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { RuleViolated } from '../shared/domain-error.js';
import { correctMilestoneFromInput, recordMilestoneFromInput } from './mutual.commands.js';
import { milestoneKindIn, mutualDecider } from './mutual.decider.js';
import { endOf, isCertainlyAfter } from './mutual.end.js';
import type { MutualEvent } from './mutual.events.js';

const spec = deciderSpecification(mutualDecider);
const now = '2026-11-23T10:00:00.000Z';
const mutualId = '3f1c7a52-8a4e-4d34-9a57-0a4f3c2b1d10';
const registered: MutualEvent = {
  type: 'MutualRegistered',
  data: {
    mutualId,
    name: 'Riverside Community Health CIC',
    serviceAreas: ['health-and-social-care'],
    registeredAt: '2026-11-01T09:00:00.000Z',
  },
};
const record = (milestoneId: string, body: object) => recordMilestoneFromInput(body, { mutualId, milestoneId }, now);
const recorded = (milestoneId: string, body: object) => record(milestoneId, body).milestone;
const award = (milestoneId: string, occurredOn: string) =>
  record(milestoneId, { type: 'award-received', occurredOn, awardName: 'Community award' });
const renewal = (milestoneId: string, occurredOn: string) =>
  record(milestoneId, { type: 'contract-renewed', occurredOn, commissioner: 'Riverside CCG', startsOn: occurredOn, endsOn: '2030' });
const dissolved = (occurredOn: string, milestoneId = 'end-d') => recorded(milestoneId, { type: 'dissolved', occurredOn });
const merged = (occurredOn: string, milestoneId = 'end-m') =>
  recorded(milestoneId, { type: 'merged', occurredOn, withOrganisation: 'Valley Care' });
const acquired = (occurredOn: string, milestoneId = 'end-a') =>
  recorded(milestoneId, { type: 'acquired', occurredOn, by: 'Northern Care Group' });
const retracted = (milestoneId: string): MutualEvent => ({
  type: 'MilestoneRetracted',
  data: { mutualId, milestoneId, reason: 'Recorded in error' },
});
const stateOf = (events: MutualEvent[]) => events.reduce(mutualDecider.evolve, mutualDecider.initialState());
const correct = (events: MutualEvent[], milestoneId: string, body: object) =>
  correctMilestoneFromInput(body, { mutualId, milestoneId }, now, milestoneKindIn(stateOf(events), milestoneId));

const refusedAfterEnd =
  (...fragments: string[]) =>
  (error: RuleViolated) => {
    expect(error.rule).toBe('after-end');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  };

describe('the end of a mutual', () => {
  describe.each([
    ['dissolution', dissolved],
    ['merger', merged],
    ['acquisition', acquired],
  ])('a %s', (name, end) => {
    it('refuses a milestone dated after it, naming the end and its date', () => {
      spec
        .given([registered, end('2022-03')])
        .when(award('m-1', '2022-04'))
        .thenThrows(RuleViolated, refusedAfterEnd(`${name} (2022-03)`, 'award-received', '2022-04'));
    });

    it('still takes a milestone dated before it, learnt of later', () => {
      const earlier = renewal('m-1', '2015');
      spec
        .given([registered, end('2022-03')])
        .when(earlier)
        .then([earlier.milestone]);
    });

    it('always takes observations', () => {
      const observation = record('m-1', {
        type: 'observation',
        occurredOn: '2025-06',
        text: 'Former staff now run a smaller co-operative.',
      });
      spec
        .given([registered, end('2022-03')])
        .when(observation)
        .then([observation.milestone]);
    });
  });

  describe('with dates of different precision', () => {
    it.each([
      ['2022-03', '2022-03-15', 'a day within the month of the end'],
      ['2022-03', '2022', 'the year of the end'],
      ['2022', '2022-12-31', 'the last day of the year of the end'],
      ['2022-03-15', '2022-03-15', 'the day of the end itself'],
      ['2022-03-15', '2022-03', 'the month of the end'],
    ])('takes a milestone that may lie on or before the end (end %s, milestone %s: %s)', (endsOn, occurredOn) => {
      const command = award('m-1', occurredOn);
      spec
        .given([registered, dissolved(endsOn)])
        .when(command)
        .then([command.milestone]);
    });

    it.each([
      ['2022-03', '2022-04-01'],
      ['2022', '2023'],
      ['2022-03-15', '2022-03-16'],
      ['2022-02', '2022-03'],
    ])('refuses a milestone certainly after the end (end %s, milestone %s)', (endsOn, occurredOn) => {
      spec
        .given([registered, dissolved(endsOn)])
        .when(award('m-1', occurredOn))
        .thenThrows(RuleViolated, refusedAfterEnd(endsOn, occurredOn));
    });

    it('compares the first possible day of the milestone with the last possible day of the end', () => {
      const end = { milestoneId: 'e', type: 'MutualDissolved' as const, occurredOn: '2020-02' };
      expect(isCertainlyAfter('2020-02-29', end)).toBe(false);
      expect(isCertainlyAfter('2020-03', end)).toBe(true);
      expect(isCertainlyAfter('2020', end)).toBe(false);
    });
  });

  describe('with two ends', () => {
    it('counts the one certainly over first: a merger, then the dissolution of the old company', () => {
      const dissolution = recorded('end-d', { type: 'dissolved', occurredOn: '2022-06', reason: 'Wound up after the merger' });
      spec
        .given([registered, merged('2020-01'), dissolution])
        .when(renewal('m-1', '2021'))
        .thenThrows(RuleViolated, refusedAfterEnd('merger (2020-01)'));
    });

    it('takes a later end after the first one: both stand, and the earlier one counts', () => {
      const dissolution = record('end-d', { type: 'dissolved', occurredOn: '2022-06' });
      spec
        .given([registered, merged('2020-01')])
        .when(dissolution)
        .then([dissolution.milestone]);
    });

    it('takes an earlier end learnt of after a later one, which then becomes the end', () => {
      const merger = record('end-m', { type: 'merged', occurredOn: '2020-01', withOrganisation: 'Valley Care' });
      spec
        .given([registered, dissolved('2022-06')])
        .when(merger)
        .then([merger.milestone]);
      spec
        .given([registered, dissolved('2022-06'), merger.milestone])
        .when(award('m-1', '2021'))
        .thenThrows(RuleViolated, refusedAfterEnd('merger (2020-01)'));
    });

    it('orders ends by their last possible day, then their first, then the order recorded', () => {
      const end = (milestoneId: string, occurredOn: string) => ({ milestoneId, type: 'MutualDissolved' as const, occurredOn });
      expect(endOf([end('a', '2020'), end('b', '2020-03')])?.milestoneId).toBe('b');
      expect(endOf([end('a', '2020-03-31'), end('b', '2020-03')])?.milestoneId).toBe('b');
      expect(endOf([end('a', '2020-03'), end('b', '2020-03')])?.milestoneId).toBe('a');
      expect(endOf([{ milestoneId: 'c', type: 'AwardReceived', occurredOn: '2019' }])).toBeUndefined();
    });
  });

  describe('on current milestones only', () => {
    it('reopens the record once the end is retracted', () => {
      const later = award('m-1', '2024-03');
      spec
        .given([registered, dissolved('2024-02'), retracted('end-d')])
        .when(later)
        .then([later.milestone]);
    });

    it('falls back on the next end when the first is retracted', () => {
      spec
        .given([registered, merged('2020-01'), dissolved('2022-06'), retracted('end-m')])
        .when(award('m-1', '2022-07'))
        .thenThrows(RuleViolated, refusedAfterEnd('dissolution (2022-06)'));
    });

    it('moves the end with a correction of it', () => {
      const history: MutualEvent[] = [registered, dissolved('2022-03')];
      const [moved] = mutualDecider.decide(
        correct(history, 'end-d', { occurredOn: '2023-09', values: {}, reason: 'Gazette notice' }),
        stateOf(history),
      );
      const later = award('m-1', '2023-05');
      spec
        .given([...history, moved])
        .when(later)
        .then([later.milestone]);
    });
  });

  describe('refuses an end that would come before milestones already recorded', () => {
    it('when the end is recorded', () => {
      spec
        .given([registered, renewal('m-1', '2021-04').milestone])
        .when(record('end-m', { type: 'merged', occurredOn: '2020', withOrganisation: 'Valley Care' }))
        .thenThrows(RuleViolated, refusedAfterEnd('merger (2020)', 'contract-renewed (2021-04, m-1)'));
    });

    it('when the end is corrected to an earlier date', () => {
      const history: MutualEvent[] = [registered, renewal('m-1', '2021-04').milestone, dissolved('2022')];
      spec
        .given(history)
        .when(correct(history, 'end-d', { occurredOn: '2020-06', values: {}, reason: 'Earlier gazette notice' }))
        .thenThrows(RuleViolated, refusedAfterEnd('dissolution (2020-06)', 'contract-renewed (2021-04, m-1)'));
    });
  });

  describe('judges corrections as it judges new milestones', () => {
    const history: MutualEvent[] = [registered, renewal('m-1', '2019').milestone, dissolved('2022-03')];

    it('refuses a correction that moves a milestone after the end', () => {
      spec
        .given(history)
        .when(
          correct(history, 'm-1', {
            occurredOn: '2022-05',
            values: { commissioner: 'Riverside CCG', startsOn: '2022-05', endsOn: '2030' },
            reason: 'Board minutes',
          }),
        )
        .thenThrows(RuleViolated, refusedAfterEnd('dissolution (2022-03)', '2022-05'));
    });

    it('takes a correction that keeps it before the end', () => {
      const command = correct(history, 'm-1', {
        occurredOn: '2022-03',
        values: { commissioner: 'Riverside CCG', startsOn: '2022-03', endsOn: '2030' },
        reason: 'Board minutes',
      });
      spec
        .given(history)
        .when(command)
        .then([{ type: 'MilestoneCorrected', data: command.data }]);
    });
  });
});
