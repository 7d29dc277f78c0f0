import type { DomainEvent } from '@casebook/domain';
import { MutualSummary } from '../entities/mutual-summary.entity.js';
import { RegistrationHistoryEntry } from '../entities/registration-history-entry.entity.js';
import { mutualSummaryProjection } from './mutual-summary.projection.js';
import { registrationHistoryProjection } from './registration-history.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const projected = (event: DomainEvent, revision: bigint) => ({
  event,
  revision,
  streamName: 'mutual-m',
  position: { commit: 1n, prepare: 1n },
  recordedAt,
  metadata: { recordedBy: 'acct-1', source: { kind: 'document' } },
  eventId: `e${revision}`,
});
const registered: DomainEvent = {
  type: 'MutualRegistered',
  data: { mutualId: 'm', name: 'Riverside', serviceAreas: ['housing'], region: 'north-west', registeredAt: '2026-11-01T09:00:00.000Z' },
};
const corrected: DomainEvent = {
  type: 'RegistrationCorrected',
  data: { mutualId: 'm', changes: { name: 'Riverside CIC', region: null }, reason: 'Register' },
};

describe('registration history and the mutuals list', () => {
  it('keeps every version with who, when, why and from which source', () => {
    expect(registrationHistoryProjection.project(projected(registered, 0n))).toEqual([
      {
        op: 'upsert',
        entity: RegistrationHistoryEntry,
        conflictPaths: ['eventId'],
        row: {
          eventId: 'e0',
          mutualId: 'm',
          change: 'registered',
          details: { name: 'Riverside', serviceAreas: ['housing'], region: 'north-west' },
          reason: null,
          recordedBy: 'acct-1',
          source: { kind: 'document' },
          recordedAt,
          streamRevision: '0',
        },
      },
    ]);
    expect(registrationHistoryProjection.project(projected(corrected, 4n))).toEqual([
      expect.objectContaining({
        row: expect.objectContaining({
          change: 'corrected',
          details: { name: 'Riverside CIC', region: null },
          reason: 'Register',
          streamRevision: '4',
        }),
      }),
    ]);
  });

  it('shows the corrected details in the list, a cleared one as null', () => {
    expect(mutualSummaryProjection.project(projected(corrected, 4n))).toEqual([
      { op: 'update', entity: MutualSummary, where: { id: 'm' }, set: { version: 5, name: 'Riverside CIC', region: null } },
    ]);
  });

  it('keeps the registered legal form when governance changes it: that change is a dated milestone', () => {
    const governance: DomainEvent = {
      type: 'GovernanceChanged',
      data: { mutualId: 'm', milestoneId: 'k', occurredOn: '2016', legalForm: 'charity' },
    };
    const changes = mutualSummaryProjection.project(projected(governance, 5n));
    expect(changes.some((change) => change.op === 'update' && 'legalForm' in change.set)).toBe(false);
  });
});
