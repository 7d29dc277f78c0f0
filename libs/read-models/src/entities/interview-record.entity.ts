import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseInterviewRole, InterviewConsent } from '@casebook/domain';

/**
 * One row per interview held in a wave: with whom (by role), when, by whom, and consent. People
 * appear by reference only: the interviewer and recorder by account (names in the account
 * directory), the interviewee by contact.
 */
@Entity({ schema: 'read_models', name: 'interviews' })
@Index('interviews_by_wave', ['waveId', 'interviewedOn'])
@Index('interviews_by_case', ['caseId', 'role'])
export class InterviewRecord {
  @PrimaryColumn('uuid', { name: 'interview_id' })
  interviewId!: string;

  @Column('uuid', { name: 'wave_id' })
  waveId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('text')
  role!: CaseInterviewRole;

  /** `YYYY-MM-DD`, inside the wave's window. */
  @Column('date', { name: 'interviewed_on' })
  interviewedOn!: string;

  /** null only for interviews recorded before interviewers were accounts. */
  @Column('uuid', { name: 'interviewer_account_id', nullable: true })
  interviewerAccountId!: string | null;

  /** The account that recorded the interview, from the event's metadata. */
  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  @Column('text')
  consent!: InterviewConsent;

  @Column('text', { name: 'transcript_reference', nullable: true })
  transcriptReference!: string | null;

  /** The case contact interviewed, when the person is one; their details live with the contact. */
  @Column('uuid', { name: 'contact_id', nullable: true })
  contactId!: string | null;
}
