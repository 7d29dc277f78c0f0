import {
  type MilestoneEventType,
  contractEndOf,
  earliestDay,
  isMilestoneEvent,
  partialDate,
  MILESTONE_EVENT_TYPES,
} from '@casebook/domain';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { knownMilestoneKind } from './milestone-kind.js';
import type { Projection, RowChange } from './projection.js';

const RANK = { year: 0, month: 1, day: 2 } as const;

function dated(occurredOn: string): Pick<TimelineEntry, 'occurredOn' | 'precision' | 'sortKey'> {
  const date = partialDate(occurredOn);
  return { occurredOn, precision: date.precision, sortKey: `${earliestDay(date)}:${RANK[date.precision]}` };
}

/**
 * What the timeline shows of a milestone: its own facts, and for a lost or ended contract the
 * effective end (`endsOn` as given, else the day it was lost or ended), so that readers never
 * need to know that the event may leave it out.
 */
function detailsOf(type: MilestoneEventType, occurredOn: string, values: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'ContractLost' && type !== 'ContractEnded') return values;
  return { ...values, endsOn: contractEndOf({ occurredOn, endsOn: values.endsOn as string | undefined }) };
}

/**
 * A mutual's milestones in the order they happened, as currently believed: a correction
 * replaces the values shown, a retraction removes the milestone (both stay in the history).
 */
export const mutualTimelineProjection: Projection = {
  name: 'mutual-timeline',
  version: 1,
  tables: [TimelineEntry],
  handles: [...Object.values(MILESTONE_EVENT_TYPES), 'MilestoneCorrected', 'MilestoneRetracted'],
  project({ event, revision, recordedAt }): RowChange[] {
    if (isMilestoneEvent(event)) {
      const { mutualId, milestoneId, occurredOn, ...details } = event.data;
      const row: Partial<TimelineEntry> = {
        milestoneId,
        mutualId,
        type: knownMilestoneKind(event.type),
        ...dated(occurredOn),
        details: detailsOf(event.type, occurredOn, details),
        streamRevision: String(revision),
        recordedAt,
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
              ...dated(event.data.occurredOn),
              details: detailsOf(event.data.milestoneType, event.data.occurredOn, event.data.values),
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
