import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One milestone on a mutual's timeline, in the order it happened. */
@Entity({ schema: 'read_models', name: 'mutual_timeline' })
@Index('mutual_timeline_order', ['mutualId', 'sortKey', 'streamRevision'])
export class TimelineEntry {
  @PrimaryColumn('uuid', { name: 'milestone_id' })
  milestoneId!: string;

  @Column('uuid', { name: 'mutual_id' })
  mutualId!: string;

  /** API name of the milestone type, e.g. `contract-renewed`. */
  @Column('text')
  type!: string;

  /** Partial date as recorded: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  @Column('text', { name: 'occurred_on' })
  occurredOn!: string;

  @Column('text')
  precision!: 'year' | 'month' | 'day';

  /** First possible day plus precision rank, so that SQL order matches comparePartialDates. */
  @Column('text', { name: 'sort_key' })
  sortKey!: string;

  @Column('jsonb')
  details!: Record<string, unknown>;

  /** Position in the mutual's stream: the tie-breaker for milestones on the same date. */
  @Column('bigint', { name: 'stream_revision' })
  streamRevision!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
