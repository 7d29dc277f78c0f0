import { RegistrationHistoryEntry } from '../entities/registration-history-entry.entity.js';
import type { Projection, RowChange } from './projection.js';

/** Every version of every registration, with who made it, when, why, and from which source. */
export const registrationHistoryProjection: Projection = {
  name: 'registration-history',
  version: 1,
  tables: [RegistrationHistoryEntry],
  handles: ['MutualRegistered', 'RegistrationCorrected'],
  project({ event, eventId, revision, recordedAt, metadata }): RowChange[] {
    const common = {
      eventId,
      recordedAt,
      streamRevision: String(revision),
      recordedBy: typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null,
      source: (metadata.source as Record<string, unknown> | undefined) ?? null,
    };
    let row: Partial<RegistrationHistoryEntry>;
    if (event.type === 'MutualRegistered') {
      const { mutualId, registeredAt: _registeredAt, ...details } = event.data;
      row = { ...common, mutualId, change: 'registered', details, reason: null };
    } else if (event.type === 'RegistrationCorrected') {
      const { mutualId, changes, reason } = event.data;
      row = { ...common, mutualId, change: 'corrected', details: changes as Record<string, unknown>, reason };
    } else {
      return [];
    }
    return [{ op: 'upsert', entity: RegistrationHistoryEntry, row, conflictPaths: ['eventId'] }];
  },
};
