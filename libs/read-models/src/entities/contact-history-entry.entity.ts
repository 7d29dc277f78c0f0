import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseInterviewRole, ReminderKind } from '@casebook/domain';

/** The contact events a contact's history lists. */
export type ContactHistoryEventType =
  | 'ContactAdded'
  | 'ContactDetailsUpdated'
  | 'ContactConsentChanged'
  | 'ContactOptedOut'
  | 'ContactErased'
  | 'InterviewRecorded'
  | 'ReminderSent'
  | 'ReminderFailed';

/**
 * One row per event about a contact, in the order of the case's stream (all of a contact's events
 * are in it, so the stream revision orders them and keys a page). `reason` (the mail server's
 * words about a failed reminder, the contact's reason for opting out) is their personal data, as in
 * the event, and becomes null on erasure; the name and email are never copied here. The other
 * columns are the research record and stay.
 */
@Entity({ schema: 'read_models', name: 'contact_history' })
@Index('contact_history_by_contact', ['contactId', 'streamRevision'])
export class ContactHistoryEntry {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'contact_id' })
  contactId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** The event's revision in the case's stream (a bigint, read as a decimal string). */
  @Column('bigint', { name: 'stream_revision' })
  streamRevision!: string;

  @Column('text')
  type!: ContactHistoryEventType;

  /** When it happened, as the event says (sent, failed, opted out...), else when it was recorded. */
  @Column('timestamptz')
  at!: Date;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  /** The account that recorded it (staff, or the reminders worker's). */
  @Column('text', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  /** Contact added: the role; interview: the role the contact was interviewed in. */
  @Column('text', { nullable: true })
  role!: CaseInterviewRole | null;

  /** Contact added, consent changed: whether the contact may be contacted. */
  @Column('boolean', { name: 'consent_to_contact', nullable: true })
  consentToContact!: boolean | null;

  /** Details updated: which of them changed (`name`, `email`), never their values. */
  @Column('jsonb', { name: 'changed_fields', nullable: true })
  changedFields!: string[] | null;

  /** Erasure: who asked for it. */
  @Column('text', { name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  /** Reminders and interviews: the wave. */
  @Column('uuid', { name: 'wave_id', nullable: true })
  waveId!: string | null;

  @Column('uuid', { name: 'interview_id', nullable: true })
  interviewId!: string | null;

  /** `YYYY-MM-DD`. */
  @Column('date', { name: 'interviewed_on', nullable: true })
  interviewedOn!: string | null;

  /** The reminder's job id, which names its wave, contact, kind and window version. */
  @Column('text', { name: 'reminder_id', nullable: true })
  reminderId!: string | null;

  @Column('text', { nullable: true })
  kind!: ReminderKind | null;

  @Column('integer', { name: 'days_before', nullable: true })
  daysBefore!: number | null;

  @Column('integer', { name: 'window_version', nullable: true })
  windowVersion!: number | null;

  @Column('text', { name: 'message_id', nullable: true })
  messageId!: string | null;

  @Column('text', { nullable: true })
  failure!: 'rejected' | 'attempts-exhausted' | null;

  @Column('integer', { name: 'smtp_code', nullable: true })
  smtpCode!: number | null;

  @Column('integer', { nullable: true })
  attempts!: number | null;

  /** Personal data: null once the contact is erased. */
  @Column('text', { nullable: true })
  reason!: string | null;
}
