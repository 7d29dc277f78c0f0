import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per study: what it is called, when it runs, and why. */
@Entity({ schema: 'read_models', name: 'studies' })
export class StudySummary {
  @PrimaryColumn('uuid', { name: 'study_id' })
  studyId!: string;

  @Column('text')
  title!: string;

  /** `YYYY-MM-DD`. */
  @Column('date', { name: 'starts_on' })
  startsOn!: string;

  /** `YYYY-MM-DD`, never before `startsOn`. */
  @Column('date', { name: 'ends_on' })
  endsOn!: string;

  @Column('text', { nullable: true })
  aims!: string | null;

  /** IANA zone, e.g. `Europe/London`; null until one is given. */
  @Column('text', { name: 'time_zone', nullable: true })
  timeZone!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** Number of events in the study's stream that this row reflects. */
  @Column('integer')
  version!: number;
}
