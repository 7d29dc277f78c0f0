import { isMilestoneEvent, milestoneKindOf, MILESTONE_EVENT_TYPES } from '@casebook/domain';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { datingOf, milestoneDetails } from './milestone-dating.js';
import { knownMilestoneKind } from './milestone-kind.js';
import type { Projection, RowChange } from './projection.js';

const recorder = (metadata: Record<string, unknown>) => (typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null);
const sourceOf = (metadata: Record<string, unknown>) =>
  typeof metadata.source === 'object' && metadata.source !== null ? (metadata.source as Record<string, unknown>) : undefined;

/**
 * A mutual's milestones in the order they happened, as currently believed: a correction
 * replaces the values shown, a retraction removes the milestone (both stay in the history).
 */
export const mutualTimelineProjection: Projection = {
  name: 'mutual-timeline',
  // 2: each entry keeps the last day its date could denote, who recorded it, its source and its
  // last correction.
  version: 2,
  tables: [TimelineEntry],
  handles: [...Object.values(MILESTONE_EVENT_TYPES), 'MilestoneCorrected', 'MilestoneRetracted'],
  project({ event, revision, recordedAt, metadata }): RowChange[] {
    if (isMilestoneEvent(event)) {
      const { mutualId, milestoneId, occurredOn, ...details } = event.data;
      const kind = knownMilestoneKind(event.type);
      const row: Partial<TimelineEntry> = {
        milestoneId,
        mutualId,
        type: kind,
        ...datingOf(occurredOn),
        details: milestoneDetails(kind, occurredOn, details),
        streamRevision: String(revision),
        recordedAt,
        recordedBy: recorder(metadata),
        source: sourceOf(metadata) ?? null,
        correctedAt: null,
        correctedBy: null,
        correctionReason: null,
      };
      return [{ op: 'upsert', entity: TimelineEntry, row, conflictPaths: ['milestoneId'] }];
    }
    switch (event.type) {
      case 'MilestoneCorrected':
        return [
          {
            op: 'update',
            entity: TimelineEntry,
            where: { milestoneId: event.data.milestoneId },
            set: {
              ...datingOf(event.data.occurredOn),
              details: milestoneDetails(milestoneKindOf(event.data.milestoneType) ?? null, event.data.occurredOn, event.data.values),
              // The source of the values now shown: a correction without one has none.
              source: sourceOf(metadata) ?? null,
              correctedAt: recordedAt,
              correctedBy: recorder(metadata),
              correctionReason: event.data.reason,
            },
          },
        ];
      case 'MilestoneRetracted':
        return [{ op: 'delete', entity: TimelineEntry, where: { milestoneId: event.data.milestoneId } }];
      default:
        return [];
    }
  },
};
