import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per case: which study follows which mutual, chosen for what, and its status. */
@Entity({ schema: 'read_models', name: 'cases' })
@Index('cases_in_enrolment_order', ['studyId', 'enrolledAt', 'caseId'])
export class CaseSummary {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'study_id' })
  studyId!: string;

  @Column('uuid', { name: 'mutual_id' })
  mutualId!: string;

  /** As enrolled; a size band that was not given is null, never a default. */
  @Column('jsonb')
  selection!: Record<string, unknown>;

  @Column('text')
  status!: 'active' | 'withdrawn';

  @Column('uuid', { name: 'earlier_case_id', nullable: true })
  earlierCaseId!: string | null;

  @Column('text', { name: 'withdrawn_reason', nullable: true })
  withdrawnReason!: string | null;

  /** `YYYY-MM-DD` the case was withdrawn. */
  @Column('date', { name: 'withdrawn_on', nullable: true })
  withdrawnOn!: string | null;

  @Column('timestamptz', { name: 'enrolled_at' })
  enrolledAt!: Date;

  @Column('integer')
  version!: number;
}
