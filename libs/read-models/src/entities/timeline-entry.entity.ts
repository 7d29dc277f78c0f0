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

  /** Last day the partial date could denote, `YYYY-MM-DD`: with sort_key, what "by a day" and "in a range" are judged on. */
  @Column('text', { name: 'last_day', nullable: true })
  lastDay!: string | null;

  /** The account that recorded the milestone. */
  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  /** Where the values shown came from (the source of the recording, or of the last correction). */
  @Column('jsonb', { nullable: true })
  source!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'corrected_at', nullable: true })
  correctedAt!: Date | null;

  @Column('text', { name: 'corrected_by', nullable: true })
  correctedBy!: string | null;

  @Column('text', { name: 'correction_reason', nullable: true })
  correctionReason!: string | null;
}
