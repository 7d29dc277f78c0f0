import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import {
  type CorrectMilestone,
  correctMilestoneFromInput,
  recordMilestoneFromInput,
  retractMilestoneFromInput,
} from './mutual.commands.js';
import { milestoneKindIn, mutualDecider } from './mutual.decider.js';
import type { MutualEvent } from './mutual.events.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const spec = deciderSpecification(mutualDecider);
const now = '2026-11-23T10:00:00.000Z';
const mutualId = '3f1c7a52-8a4e-4d34-9a57-0a4f3c2b1d10';
const ids = (milestoneId: string) => ({ mutualId, milestoneId });
const stateOf = (events: MutualEvent[]) => events.reduce(mutualDecider.evolve, mutualDecider.initialState());

const registered: MutualEvent = {
  type: 'MutualRegistered',
  data: {
    mutualId,
    name: 'Riverside Community Health CIC',
    serviceAreas: ['health-and-social-care'],
    registeredAt: '2026-11-01T09:00:00.000Z',
  },
};
const spinOut = (milestoneId: string, occurredOn = '2012-04') =>
  recordMilestoneFromInput({ type: 'spun-out', occurredOn, parentBody: 'Riverside Primary Care Trust' }, ids(milestoneId), now).milestone;
const renewalTerms = { commissioner: 'Riverside CCG', startsOn: '2015-04', endsOn: '2018-03' };
const renewal = recordMilestoneFromInput({ type: 'contract-renewed', occurredOn: '2015', ...renewalTerms }, ids('m-2'), now).milestone;
/** A correction body: the milestone (date and own values) apart from the correction's reason and source. */
const renewalCorrection = (values: object, reason: string, extra: object = {}) => ({
  occurredOn: '2015',
  values: { ...renewalTerms, ...values },
  reason,
  ...extra,
});
const retracted = (milestoneId: string): MutualEvent => ({
  type: 'MilestoneRetracted',
  data: { mutualId, milestoneId, reason: 'Recorded against the wrong mutual' },
});

const correct = (milestoneId: string, body: object, kind = milestoneKindIn(stateOf([registered, spinOut('m-1'), renewal]), milestoneId)) =>
  correctMilestoneFromInput(body, ids(milestoneId), now, kind);
const retract = (milestoneId: string, reason = 'Recorded against the wrong mutual') =>
  retractMilestoneFromInput({ reason }, ids(milestoneId), now);

describe('correcting milestones', () => {
  it('records a full new set of values beside the original, with the reason', () => {
    const command = correct(
      'm-2',
      renewalCorrection({ endsOn: '2019-03', annualValueGbp: 9000000 }, 'Annual report 2016 gives the true term'),
    );
    spec
      .given([registered, spinOut('m-1'), renewal])
      .when(command)
      .then([
        {
          type: 'MilestoneCorrected',
          data: {
            mutualId,
            milestoneId: 'm-2',
            milestoneType: 'ContractRenewed',
            occurredOn: '2015',
            values: { commissioner: 'Riverside CCG', startsOn: '2015-04', endsOn: '2019-03', annualValueGbp: 9000000 },
            reason: 'Annual report 2016 gives the true term',
          },
        },
      ]);
  });

  it('finds the kind of a milestone in the folded state, for the API to read a correction by', () => {
    const state = stateOf([registered, spinOut('m-1'), renewal, retracted('m-1')]);
    expect(milestoneKindIn(state, 'm-2')).toBe('contract-renewed');
    expect(milestoneKindIn(state, 'm-1')).toBe('spun-out');
    expect(milestoneKindIn(state, 'nope')).toBeUndefined();
    expect(milestoneKindIn(mutualDecider.initialState(), 'm-2')).toBeUndefined();
  });

  it('validates the new values exactly as recording that kind does, and needs a reason', () => {
    expect(
      errorsOf(() =>
        correct('m-2', { occurredOn: '2015', values: { commissioner: 'CCG', startsOn: '2015-04', endsOn: '2014', parentBody: 'PCT' } }),
      ),
    ).toEqual([
      ['values.parentBody', 'unknown-field'],
      ['values.endsOn', 'not-before-start'],
      ['reason', 'required'],
    ]);
    expect(errorsOf(() => correct('m-2', { occurredOn: '2099', values: 'all of them', reason: 'x' }))).toEqual([
      ['occurredOn', 'not-in-future'],
      ['values', 'object'],
    ]);
    expect(errorsOf(() => correct('m-2', { occurredOn: '2015', reason: 'x' }))).toEqual([['values', 'required']]);
  });

  it.each([
    ['contract-lost', { commissioner: 'Riverside CCG', endsOn: '2020-03' }],
    ['contract-ended', { commissioner: 'Riverside CCG', endsOn: '2020-03' }],
    ['dissolved', {}],
  ] as const)('keeps the own reason of a %s milestone apart from the reason for correcting it', (kind, facts) => {
    const corrected = correctMilestoneFromInput(
      { occurredOn: '2019-10', values: { ...facts, reason: 'Quality score' }, reason: 'Tender feedback letter' },
      ids('m-5'),
      now,
      kind,
    );
    expect(corrected.data).toMatchObject({ values: { reason: 'Quality score' }, reason: 'Tender feedback letter' });
    const withoutOwnReason = correctMilestoneFromInput(
      { occurredOn: '2019-10', values: facts, reason: 'Tender feedback letter' },
      ids('m-5'),
      now,
      kind,
    );
    expect(withoutOwnReason.data.values).not.toHaveProperty('reason');
    expect(withoutOwnReason.data.reason).toBe('Tender feedback letter');
  });

  it('refuses the flat body of earlier releases, saying where the milestone fields go', () => {
    const flat = {
      occurredOn: '2019-10',
      commissioner: 'Riverside CCG',
      endsOn: '2020-03',
      reason: 'Price',
      correctionReason: 'Tender feedback letter',
    };
    expect(errorsOf(() => correctMilestoneFromInput(flat, ids('m-5'), now, 'contract-lost'))).toEqual([
      ['commissioner', 'in-values'],
      ['endsOn', 'in-values'],
      ['correctionReason', 'unknown-field'],
      ['values', 'required'],
    ]);
  });

  it('takes a source beside the command, never inside the event', () => {
    const command = correct(
      'm-2',
      renewalCorrection({ endsOn: '2019-03' }, 'Board minutes', { source: { kind: 'document', reference: 'Minutes 2015-03' } }),
    );
    expect(command.source).toEqual({ kind: 'document', reference: 'Minutes 2015-03' });
    expect(command.data).not.toHaveProperty('source');
  });

  it('cannot change the kind of a milestone', () => {
    expect(errorsOf(() => correct('m-2', renewalCorrection({}, 'It was a first award', { type: 'contract-awarded' })))).toEqual([
      ['type', 'same-type'],
    ]);
    expect(correct('m-2', renewalCorrection({ endsOn: '2019' }, 'Longer term', { type: 'contract-renewed' })).data.milestoneType).toBe(
      'ContractRenewed',
    );
  });

  it('refuses a correction read for another kind than the milestone has', () => {
    const stale: CorrectMilestone = correct('m-2', renewalCorrection({}, 'Read as an award'), 'contract-awarded');
    spec
      .given([registered, renewal])
      .when(stale)
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('same-type'));
  });

  it('reports a milestone the mutual does not have as not found', () => {
    expect(() => correct('m-404', renewalCorrection({}, 'x'), undefined)).toThrow(NotFound);
    spec
      .given([registered, spinOut('m-1')])
      .when(correct('m-2', renewalCorrection({ endsOn: '2019' }, 'x'), 'contract-renewed'))
      .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['milestone', 'm-2']));
  });

  it('refuses to correct a retracted milestone', () => {
    spec
      .given([registered, renewal, retracted('m-2')])
      .when(correct('m-2', renewalCorrection({ endsOn: '2019' }, 'x'), 'contract-renewed'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('retracted'));
  });

  it('refuses a correction that changes nothing, whatever order the stored fields come back in', () => {
    const storedWithOtherKeyOrder: MutualEvent = {
      type: 'ContractRenewed',
      data: { endsOn: '2018-03', startsOn: '2015-04', commissioner: 'Riverside CCG', occurredOn: '2015', milestoneId: 'm-2', mutualId },
    };
    spec
      .given([registered, storedWithOtherKeyOrder])
      .when(correct('m-2', renewalCorrection({}, 'Checked again'), 'contract-renewed'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('unchanged'));
  });

  it('judges a correction against the latest values, so the original ones count as a change again', () => {
    const later = correct('m-2', renewalCorrection({ endsOn: '2019-03' }, 'Annual report'));
    const [corrected] = mutualDecider.decide(later, stateOf([registered, renewal]));
    spec
      .given([registered, renewal, corrected])
      .when(correct('m-2', renewalCorrection({ endsOn: '2019-03' }, 'Again'), 'contract-renewed'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('unchanged'));
    const back = correct('m-2', renewalCorrection({}, 'The annual report was wrong'), 'contract-renewed');
    expect(mutualDecider.decide(back, stateOf([registered, renewal, corrected]))).toHaveLength(1);
  });

  it('keeps one spin-out when the spin-out is corrected', () => {
    const corrected = correct('m-1', {
      occurredOn: '2011-10',
      values: { parentBody: 'Riverside PCT' },
      reason: 'Transfer date in the business case',
    });
    const [event] = mutualDecider.decide(corrected, stateOf([registered, spinOut('m-1')]));
    expect(event?.type).toBe('MilestoneCorrected');
    spec
      .given([registered, spinOut('m-1'), event])
      .when(recordMilestoneFromInput({ type: 'spun-out', occurredOn: '2011-10', parentBody: 'Riverside PCT' }, ids('m-3'), now))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('already-spun-out'));
  });

  it('still allows corrections of earlier milestones once the mutual is dissolved', () => {
    const dissolved = recordMilestoneFromInput({ type: 'dissolved', occurredOn: '2024' }, ids('m-9'), now).milestone;
    const command = correct('m-2', renewalCorrection({ endsOn: '2019-03' }, 'Annual report'), 'contract-renewed');
    spec
      .given([registered, renewal, dissolved])
      .when(command)
      .then([{ type: 'MilestoneCorrected', data: command.data }]);
  });
});

describe('retracting milestones', () => {
  it('records the retraction with its reason', () => {
    spec
      .given([registered, renewal])
      .when(retract('m-2'))
      .then([{ type: 'MilestoneRetracted', data: { mutualId, milestoneId: 'm-2', reason: 'Recorded against the wrong mutual' } }]);
  });

  it('needs a reason, takes a source and nothing else', () => {
    expect(errorsOf(() => retractMilestoneFromInput({ why: 'dup', source: { kind: 'rumour' } }, ids('m-2'), now))).toEqual([
      ['why', 'unknown-field'],
      ['reason', 'required'],
      ['source.kind', 'one-of'],
    ]);
    expect(
      retractMilestoneFromInput({ reason: 'Duplicate', source: { kind: 'interview', interviewId: 'i-7' } }, ids('m-2'), now).source,
    ).toEqual({
      kind: 'interview',
      interviewId: 'i-7',
    });
  });

  it('reports a milestone the mutual does not have as not found', () => {
    spec
      .given([registered])
      .when(retract('m-2'))
      .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['milestone', 'm-2']));
  });

  it('refuses to retract a milestone twice', () => {
    spec
      .given([registered, renewal, retracted('m-2')])
      .when(retract('m-2'))
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('retracted'));
  });

  it('lets a new spin-out be recorded once the old one is retracted', () => {
    const again = recordMilestoneFromInput({ type: 'spun-out', occurredOn: '2011-10', parentBody: 'Riverside PCT' }, ids('m-3'), now);
    spec
      .given([registered, spinOut('m-1'), retracted('m-1')])
      .when(again)
      .then([again.milestone]);
  });

  it('still allows retractions once the mutual is dissolved', () => {
    const dissolved = recordMilestoneFromInput({ type: 'dissolved', occurredOn: '2024' }, ids('m-9'), now).milestone;
    spec
      .given([registered, renewal, dissolved])
      .when(retract('m-2'))
      .then([{ type: 'MilestoneRetracted', data: retract('m-2').data }]);
  });

  it('refuses corrections and retractions for a mutual that was never registered', () => {
    spec
      .given([])
      .when(retract('m-2'))
      .thenThrows(NotFound, (e) => expect([e.entity, e.id]).toEqual(['mutual', mutualId]));
  });
});
