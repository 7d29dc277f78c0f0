import { isMilestoneEvent, milestoneKindOf, MILESTONE_EVENT_TYPES } from '@casebook/domain';
import { MilestoneHistoryEntry } from '../entities/milestone-history-entry.entity.js';
import { datingOf } from './milestone-dating.js';
import { knownMilestoneKind } from './milestone-kind.js';
import type { Projection, RowChange } from './projection.js';

/** Every version of every milestone, with who changed it, why, and from which source. */
export const milestoneHistoryProjection: Projection = {
  name: 'milestone-history',
  // 2: each version is dated as on the timeline, so the timeline as known on a day reads here.
  version: 2,
  tables: [MilestoneHistoryEntry],
  handles: [...Object.values(MILESTONE_EVENT_TYPES), 'MilestoneCorrected', 'MilestoneRetracted'],
  project({ event, eventId, revision, recordedAt, metadata }): RowChange[] {
    const common = {
      eventId,
      recordedAt,
      streamRevision: String(revision),
      recordedBy: typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null,
      source: (metadata.source as Record<string, unknown> | undefined) ?? null,
    };
    let row: Partial<MilestoneHistoryEntry>;
    if (isMilestoneEvent(event)) {
      const { mutualId, milestoneId, occurredOn, ...values } = event.data;
      row = {
        ...common,
        milestoneId,
        mutualId,
        change: 'recorded',
        type: knownMilestoneKind(event.type),
        ...datingOf(occurredOn),
        values,
        reason: null,
      };
    } else if (event.type === 'MilestoneCorrected') {
      const { mutualId, milestoneId, milestoneType, occurredOn, values, reason } = event.data;
      row = {
        ...common,
        milestoneId,
        mutualId,
        change: 'corrected',
        type: milestoneKindOf(milestoneType) ?? null,
        ...datingOf(occurredOn),
        values,
        reason,
      };
    } else if (event.type === 'MilestoneRetracted') {
      const { mutualId, milestoneId, reason } = event.data;
      row = {
        ...common,
        milestoneId,
        mutualId,
        change: 'retracted',
        type: null,
        occurredOn: null,
        precision: null,
        sortKey: null,
        lastDay: null,
        values: null,
        reason,
      };
    } else {
      return [];
    }
    return [{ op: 'upsert', entity: MilestoneHistoryEntry, row, conflictPaths: ['eventId'] }];
  },
};
