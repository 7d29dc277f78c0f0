import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every version of a study's details: as created, then each change; who, when, and why. */
@Entity({ schema: 'read_models', name: 'study_history' })
@Index('study_history_by_study', ['studyId', 'version'])
export class StudyHistoryEntry {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'study_id' })
  studyId!: string;

  /** The study's version this event made, as its ETag says. */
  @Column('integer')
  version!: number;

  @Column('text')
  change!: 'created' | 'changed';

  /** Every detail when created; afterwards only those the change gave a new value. */
  @Column('jsonb')
  details!: Record<string, string>;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
