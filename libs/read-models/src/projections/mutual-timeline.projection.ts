import { type DomainEvent, earliestDay, partialDate } from '@casebook/domain';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { type Projection, type RowChange } from './projection.js';

const RANK = { year: 0, month: 1, day: 2 } as const;

/** API names of milestone events; anything else is not a milestone. */
const MILESTONE_TYPES: Partial<Record<DomainEvent['type'], string>> = {
  MutualSpunOut: 'spun-out',
  ContractAwarded: 'contract-awarded',
  ContractRenewed: 'contract-renewed',
};

/** A mutual's milestones in the order they happened, keeping the precision of each date. */
export const mutualTimelineProjection: Projection = {
  name: 'mutual-timeline',
  project({ event, revision, recordedAt }): RowChange[] {
    const type = MILESTONE_TYPES[event.type];
    if (!type || !('milestoneId' in event.data)) return [];
    const { mutualId, milestoneId, occurredOn, ...details } = event.data;
    const date = partialDate(occurredOn);
    const row: Partial<TimelineEntry> = {
      milestoneId,
      mutualId,
      type,
      occurredOn,
      precision: date.precision,
      sortKey: `${earliestDay(date)}:${RANK[date.precision]}`,
      details,
      streamRevision: String(revision),
      recordedAt,
    };
    return [{ op: 'upsert', entity: TimelineEntry, row, conflictPaths: ['milestoneId'] }];
  },
};
