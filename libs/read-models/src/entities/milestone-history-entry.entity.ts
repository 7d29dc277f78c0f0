import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every version of every milestone: as first recorded, each correction, a retraction; who and why. */
@Entity({ schema: 'read_models', name: 'milestone_history' })
@Index('milestone_history_by_milestone', ['milestoneId', 'streamRevision'])
@Index('milestone_history_as_known', ['mutualId', 'recordedAt'])
export class MilestoneHistoryEntry {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'milestone_id' })
  milestoneId!: string;

  @Column('uuid', { name: 'mutual_id' })
  mutualId!: string;

  @Column('text')
  change!: 'recorded' | 'corrected' | 'retracted';

  /** API name of the milestone type. */
  @Column('text', { nullable: true })
  type!: string | null;

  @Column('text', { name: 'occurred_on', nullable: true })
  occurredOn!: string | null;

  @Column('jsonb', { nullable: true })
  values!: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  @Column('jsonb', { nullable: true })
  source!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('bigint', { name: 'stream_revision' })
  streamRevision!: string;

  /** Dating of `occurredOn` as on the timeline; null for a retraction. */
  @Column('text', { nullable: true })
  precision!: 'year' | 'month' | 'day' | null;

  @Column('text', { name: 'sort_key', nullable: true })
  sortKey!: string | null;

  @Column('text', { name: 'last_day', nullable: true })
  lastDay!: string | null;
}
