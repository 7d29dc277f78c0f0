import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The study and mutual of each case, as the wave projection knows them from the case's
 * enrolment: wave events name only their case, and a study's waves are found through this table.
 */
@Entity({ schema: 'read_models', name: 'wave_cases' })
@Index('wave_cases_by_study', ['studyId'])
export class WaveCase {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'study_id' })
  studyId!: string;

  @Column('uuid', { name: 'mutual_id' })
  mutualId!: string;
}
