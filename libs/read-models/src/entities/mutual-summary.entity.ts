import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per mutual: what a dashboard lists and filters on. */
@Entity({ schema: 'read_models', name: 'mutuals' })
export class MutualSummary {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'service_areas', array: true })
  serviceAreas!: string[];

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('text', { name: 'legal_form', nullable: true })
  legalForm!: string | null;

  @Column('text', { name: 'parent_body', nullable: true })
  parentBody!: string | null;

  /** Partial date of the spin-out, as recorded. */
  @Column('text', { name: 'spun_out_on', nullable: true })
  spunOutOn!: string | null;

  @Column('uuid', { name: 'spun_out_milestone_id', nullable: true })
  spunOutMilestoneId!: string | null;

  /** Milestones that count now: recorded and not retracted. */
  @Column('integer', { name: 'milestone_count', default: 0 })
  milestoneCount!: number;

  /** Number of events in the mutual's stream that this row reflects. */
  @Column('integer')
  version!: number;

  @Column('text', { name: 'registered_by', nullable: true })
  registeredBy!: string | null;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;
}
