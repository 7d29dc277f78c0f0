import type { DomainEvent } from '@casebook/domain';
import { AccountDirectoryEntry } from '../entities/account-directory-entry.entity.js';
import { accountDirectoryProjection } from './account-directory.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const project = (event: DomainEvent) =>
  accountDirectoryProjection.project({
    event,
    revision: 0n,
    streamName: 'account-a',
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: {},
    eventId: 'e1',
  });
const accountId = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

describe('account directory projection', () => {
  it('keeps the display name of a new account', () => {
    expect(
      project({
        type: 'AccountCreated',
        data: { accountId, role: 'researcher', createdAt: 'now', personal: { displayName: 'Dr Ana Silva' } },
      }),
    ).toEqual([
      { op: 'upsert', entity: AccountDirectoryEntry, conflictPaths: ['accountId'], row: { accountId, displayName: 'Dr Ana Silva' } },
    ]);
  });

  it('keeps no name for an account whose key is gone, as a rebuild after erasure reads it', () => {
    expect(project({ type: 'AccountCreated', data: { accountId, role: 'viewer', createdAt: 'now', personal: null } })).toMatchObject([
      { row: { accountId, displayName: null } },
    ]);
  });

  it('blanks the name on erasure', () => {
    expect(project({ type: 'AccountErased', data: { accountId, erasedAt: 'now' } })).toEqual([
      { op: 'update', entity: AccountDirectoryEntry, where: { accountId }, set: { displayName: null, erased: true } },
    ]);
  });

  it('ignores other account events', () => {
    expect(project({ type: 'AccountRoleChanged', data: { accountId, role: 'admin', changedAt: 'now' } })).toEqual([]);
  });
});
