import { fromStoredEvent, toStoredEvent } from '../event-registry.js';
import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { correctMilestoneFromInput } from './mutual.commands.js';
import { mutualDecider } from './mutual.decider.js';
import type { MutualEvent } from './mutual.events.js';

const mutualId = '3f1c7a52-8a4e-4d34-9a57-0a4f3c2b1d10';
const now = '2026-11-23T10:00:00.000Z';

describe('stored versions of contract losses and endings', () => {
  // As the first release stored them: endsOn was always there.
  const storedV1 = {
    'ContractLost.v1': {
      mutualId,
      milestoneId: 'm-1',
      occurredOn: '2019-10',
      commissioner: 'Riverside CCG',
      endsOn: '2020-03',
      reason: 'Price',
    },
    'ContractEnded.v1': { mutualId, milestoneId: 'm-2', occurredOn: '2020-03-31', commissioner: 'Riverside Council', endsOn: '2020-03-31' },
    'MilestoneCorrected.v1': {
      mutualId,
      milestoneId: 'm-1',
      milestoneType: 'ContractLost',
      occurredOn: '2019-10',
      values: { commissioner: 'Riverside CCG', endsOn: '2020-06', reason: 'Price' },
      reason: 'Tender letter',
    },
  };

  it.each(Object.entries(storedV1))('reads %s as it was stored', (storedType, data) => {
    expect(fromStoredEvent(storedType, data)).toEqual({ type: storedType.replace('.v1', ''), data });
  });

  it('writes version 2, which may leave out endsOn, and reads it back', () => {
    const lost: MutualEvent = {
      type: 'ContractLost',
      data: { mutualId, milestoneId: 'm-3', occurredOn: '2021-05', commissioner: 'Riverside CCG' },
    };
    const stored = toStoredEvent(lost);
    expect(stored.type).toBe('ContractLost.v2');
    expect(fromStoredEvent(stored.type, JSON.parse(JSON.stringify(stored.data)))).toEqual(lost);
    expect(toStoredEvent({ type: 'ContractEnded', data: { ...lost.data } }).type).toBe('ContractEnded.v2');
  });

  it('folds version 1 events as before, so a correction of a loss stored then is judged on its stored values', () => {
    const events = [
      fromStoredEvent('MutualRegistered.v1', { mutualId, name: 'Riverside', serviceAreas: ['housing'], registeredAt: now }),
      fromStoredEvent('ContractLost.v1', storedV1['ContractLost.v1']),
    ] as MutualEvent[];
    const unchanged = correctMilestoneFromInput(
      { occurredOn: '2019-10', values: { commissioner: 'Riverside CCG', endsOn: '2020-03', reason: 'Price' }, reason: 'Checked' },
      { mutualId, milestoneId: 'm-1' },
      now,
      'contract-lost',
    );
    deciderSpecification(mutualDecider)
      .given(events)
      .when(unchanged)
      .thenThrows(Error, (e) => expect(e.message).toContain('values it already has'));
  });
});
