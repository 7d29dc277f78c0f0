import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every version of a mutual's registration: as registered, then each correction; who and why. */
@Entity({ schema: 'read_models', name: 'registration_history' })
@Index('registration_history_by_mutual', ['mutualId', 'streamRevision'])
export class RegistrationHistoryEntry {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'mutual_id' })
  mutualId!: string;

  @Column('text')
  change!: 'registered' | 'corrected';

  /**
   * What this version set: every detail when registered, only the changed ones when corrected
   * (`null` clears a detail). A version's full details are the fold of the changes up to it.
   */
  @Column('jsonb')
  details!: Record<string, unknown>;

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
}
