import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import { recordMilestoneFromInput, registerMutualFromInput } from './mutual.commands.js';
import { mutualDecider } from './mutual.decider.js';
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
    region: 'north-west',
    registeredAt: '2026-11-01T09:00:00.000Z',
  },
};

const spinOut = (milestoneId: string) =>
  recordMilestoneFromInput(
    { type: 'spun-out', occurredOn: '2012-04', parentBody: 'Riverside Primary Care Trust' },
    { mutualId, milestoneId },
    now,
  );

describe('mutual decider', () => {
  it('registers a new mutual, stamped with the command time', () => {
    const command = registerMutualFromInput(
      { name: 'Riverside Community Health CIC', serviceAreas: ['health-and-social-care'], region: 'north-west' },
      mutualId,
      now,
    );
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'MutualRegistered',
          data: {
            mutualId,
            name: 'Riverside Community Health CIC',
            serviceAreas: ['health-and-social-care'],
            region: 'north-west',
            registeredAt: now,
          },
        },
      ]);
  });

  it('refuses to register the same mutual twice', () => {
    const command = registerMutualFromInput({ name: 'Again', serviceAreas: ['housing'] }, mutualId, now);
    spec
      .given([registered])
      .when(command)
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-registered'));
  });

  it('records a spin-out with the precision it was given', () => {
    spec
      .given([registered])
      .when(spinOut('m-1'))
      .then([
        {
          type: 'MutualSpunOut',
          data: { mutualId, milestoneId: 'm-1', occurredOn: '2012-04', parentBody: 'Riverside Primary Care Trust' },
        },
      ]);
  });

  it('refuses a milestone for a mutual that was never registered', () => {
    spec
      .given([])
      .when(spinOut('m-1'))
      .thenThrows(NotFound, (e) => expect(e.id).toBe(mutualId));
  });

  it('refuses a second spin-out', () => {
    const first = spinOut('m-1').milestone;
    spec
      .given([registered, first])
      .when(spinOut('m-2'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-spun-out'));
  });

  it('refuses to record the same milestone id twice', () => {
    const renewal = recordMilestoneFromInput(
      { type: 'contract-renewed', occurredOn: '2015', commissioner: 'Riverside CCG', startsOn: '2015-04', endsOn: '2018-03' },
      { mutualId, milestoneId: 'm-9' },
      now,
    );
    spec
      .given([registered, renewal.milestone])
      .when(renewal)
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('milestone-exists'));
  });

  it('records contract renewals after a spin-out', () => {
    const renewal = recordMilestoneFromInput(
      {
        type: 'contract-renewed',
        occurredOn: '2015-03-31',
        commissioner: 'Riverside CCG',
        startsOn: '2015-04',
        endsOn: '2018-03',
        annualValueGbp: 12500000,
      },
      { mutualId, milestoneId: 'm-2' },
      now,
    );
    spec
      .given([registered, spinOut('m-1').milestone])
      .when(renewal)
      .then([
        {
          type: 'ContractRenewed',
          data: {
            mutualId,
            milestoneId: 'm-2',
            occurredOn: '2015-03-31',
            commissioner: 'Riverside CCG',
            startsOn: '2015-04',
            endsOn: '2018-03',
            annualValueGbp: 12500000,
          },
        },
      ]);
  });

  it('never reuses the id of a retracted milestone', () => {
    const retracted: MutualEvent = { type: 'MilestoneRetracted', data: { mutualId, milestoneId: 'm-1', reason: 'Entered twice' } };
    spec
      .given([registered, spinOut('m-1').milestone, retracted])
      .when(spinOut('m-1'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('milestone-exists'));
  });

  it('refuses every kind of milestone for a mutual that was never registered', () => {
    const award = recordMilestoneFromInput(
      { type: 'award-received', occurredOn: '2015', awardName: 'X' },
      { mutualId, milestoneId: 'm-1' },
      now,
    );
    spec
      .given([])
      .when(award)
      .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['mutual', mutualId]));
  });
});
