import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WaveStatus } from '@casebook/domain';

/**
 * One row per interview wave of a case (its study and mutual are in `WaveCase`). The lifecycle
 * status is stored; whether a wave is overdue depends on today, so readers work it out with
 * `waveStatus` when they answer.
 */
@Entity({ schema: 'read_models', name: 'waves' })
@Index('waves_by_case', ['caseId', 'waveNumber'])
export class WaveProgress {
  @PrimaryColumn('uuid', { name: 'wave_id' })
  waveId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('integer', { name: 'wave_number' })
  waveNumber!: number;

  /** `YYYY-MM-DD`, first day of the interview window. */
  @Column('date', { name: 'opens_on' })
  opensOn!: string;

  /** `YYYY-MM-DD`, last day of the interview window. */
  @Column('date', { name: 'closes_on' })
  closesOn!: string;

  @Column('text')
  status!: WaveStatus;

  @Column('integer', { name: 'interview_count', default: 0 })
  interviewCount!: number;

  @Column('timestamptz', { name: 'signed_off_at', nullable: true })
  signedOffAt!: Date | null;

  /** `YYYY-MM-DD` each outcome happened, as recorded with it; null until it does. */
  @Column('date', { name: 'completed_on', nullable: true })
  completedOn!: string | null;

  @Column('date', { name: 'skipped_on', nullable: true })
  skippedOn!: string | null;

  @Column('date', { name: 'cancelled_on', nullable: true })
  cancelledOn!: string | null;

  @Column('date', { name: 'signed_off_on', nullable: true })
  signedOffOn!: string | null;

  @Column('text', { name: 'skipped_reason', nullable: true })
  skippedReason!: string | null;

  @Column('text', { name: 'cancelled_reason', nullable: true })
  cancelledReason!: string | null;
}
