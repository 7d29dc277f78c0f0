import { EVENT_TYPES_OF_STREAMS } from '@casebook/domain';
import { StudyHistoryEntry } from '../entities/study-history-entry.entity.js';
import type { Projection, RowChange } from './projection.js';

/** Every version of every study's details, with who changed what, when and why. */
export const studyHistoryProjection: Projection = {
  name: 'study-history',
  version: 1,
  tables: [StudyHistoryEntry],
  // The history of a study's details; its reminder policy is no detail.
  handles: EVENT_TYPES_OF_STREAMS.study.filter((type) => type !== 'ReminderPolicyChanged'),
  project({ event, eventId, streamName, revision, recordedAt, metadata }): RowChange[] {
    if (!streamName.startsWith('study-')) return [];
    let row: Partial<StudyHistoryEntry>;
    if (event.type === 'StudyCreated') {
      const { studyId, createdAt: _, ...details } = event.data;
      row = { studyId, change: 'created', details, reason: null };
    } else if (event.type === 'StudyDetailsChanged') {
      const { studyId, changedAt: _, reason, ...details } = event.data;
      row = { studyId, change: 'changed', details, reason: reason ?? null };
    } else {
      return [];
    }
    const recordedBy = typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null;
    return [
      {
        op: 'upsert',
        entity: StudyHistoryEntry,
        row: { ...row, eventId, version: Number(revision) + 1, recordedBy, recordedAt },
        conflictPaths: ['eventId'],
      },
    ];
  },
};
