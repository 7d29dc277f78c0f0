import { AccountDirectoryEntry } from '../entities/account-directory-entry.entity.js';
import type { Projection, RowChange } from './projection.js';

/** Account id to display name; the events arrive decrypted, or with `personal: null` once erased. */
export const accountDirectoryProjection: Projection = {
  name: 'account-directory',
  version: 1,
  tables: [AccountDirectoryEntry],
  handles: ['AccountCreated', 'AccountErased'],
  project({ event }): RowChange[] {
    if (event.type === 'AccountCreated') {
      const row: Partial<AccountDirectoryEntry> = {
        accountId: event.data.accountId,
        displayName: event.data.personal?.displayName ?? null,
      };
      return [{ op: 'upsert', entity: AccountDirectoryEntry, row, conflictPaths: ['accountId'] }];
    }
    if (event.type === 'AccountErased') {
      return [
        {
          op: 'update',
          entity: AccountDirectoryEntry,
          where: { accountId: event.data.accountId },
          set: { displayName: null, erased: true },
        },
      ];
    }
    return [];
  },
};
