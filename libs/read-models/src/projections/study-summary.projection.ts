import { EVENT_TYPES_OF_STREAMS } from '@casebook/domain';
import { StudySummary } from '../entities/study-summary.entity.js';
import type { Projection, RowChange } from './projection.js';

/** The studies list: title, dates and aims as last changed. */
export const studySummaryProjection: Projection = {
  name: 'study-summary',
  version: 1,
  tables: [StudySummary],
  handles: EVENT_TYPES_OF_STREAMS.study,
  project({ event, streamName, revision }): RowChange[] {
    if (!streamName.startsWith('study-')) return [];
    const version = Number(revision) + 1;
    switch (event.type) {
      case 'StudyCreated': {
        const { studyId, title, startsOn, endsOn, aims, timeZone, createdAt } = event.data;
        const row: Partial<StudySummary> = {
          studyId,
          title,
          startsOn,
          endsOn,
          aims: aims ?? null,
          timeZone: timeZone ?? null,
          createdAt: new Date(createdAt),
          version,
        };
        return [{ op: 'upsert', entity: StudySummary, row, conflictPaths: ['studyId'] }];
      }
      case 'StudyDetailsChanged': {
        // The event carries only the details that changed, so only those are written.
        const { studyId, title, startsOn, endsOn, aims, timeZone } = event.data;
        const set: Partial<StudySummary> = {
          ...(title !== undefined && { title }),
          ...(startsOn !== undefined && { startsOn }),
          ...(endsOn !== undefined && { endsOn }),
          ...(aims !== undefined && { aims }),
          ...(timeZone !== undefined && { timeZone }),
          version,
        };
        return [{ op: 'update', entity: StudySummary, where: { studyId }, set }];
      }
      case 'ReminderPolicyChanged':
        // No detail shown here changed, but the study's version (its ETag) did.
        return [{ op: 'update', entity: StudySummary, where: { studyId: event.data.studyId }, set: { version: Number(revision) + 1 } }];
      default:
        return [];
    }
  },
};
