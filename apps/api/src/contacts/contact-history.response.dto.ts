import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_INTERVIEW_ROLES, ERASURE_REQUESTERS, type ReminderFailed, type ReminderKind } from '@casebook/domain';
import type { ContactHistoryEventType } from '@casebook/read-models';

const ENTRY_TYPES = [
  'ContactAdded',
  'ContactDetailsUpdated',
  'ContactConsentChanged',
  'ContactOptedOut',
  'ContactErased',
  'InterviewRecorded',
  'ReminderSent',
  'ReminderFailed',
] as const satisfies readonly ContactHistoryEventType[];
const REMINDER_KINDS = ['before-opening', 'follow-up'] as const satisfies readonly ReminderKind[];
const REMINDER_FAILURES = ['rejected', 'attempts-exhausted'] as const satisfies readonly ReminderFailed['data']['failure'][];

const EXAMPLE_WAVE = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const EXAMPLE_CONTACT = '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';

/** One event about the contact; the fields beyond the first five are those its type has. */
export class ContactHistoryEntryResponse {
  @ApiProperty({ format: 'uuid', description: 'The stored event' })
  eventId!: string;

  @ApiProperty({ enum: ENTRY_TYPES, example: 'ReminderSent' })
  type!: ContactHistoryEventType;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-28T09:00:00.000Z',
    description: 'When it happened: sent, failed, opted out, consent changed, erased; for the others, when it was recorded',
  })
  at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-28T09:00:01.204Z' })
  recordedAt!: string;

  @ApiPropertyOptional({ description: 'The account that recorded it' })
  recordedBy?: string;

  @ApiPropertyOptional({ enum: CASE_INTERVIEW_ROLES, description: 'ContactAdded: their role; InterviewRecorded: the role interviewed in' })
  role?: string;

  @ApiPropertyOptional({ description: 'ContactAdded, ContactConsentChanged: whether the contact may be contacted' })
  consentToContact?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['email'],
    description: 'ContactDetailsUpdated: which details changed (name, email), never their values',
  })
  changedFields?: string[];

  @ApiPropertyOptional({ enum: ERASURE_REQUESTERS, description: 'ContactErased: who asked for it' })
  requestedBy?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_WAVE, description: 'Reminders and interviews: the wave' })
  waveId?: string;

  @ApiPropertyOptional({ example: 1, description: 'Reminders and interviews: the wave number, once the wave is in the read models' })
  waveNumber?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'InterviewRecorded' })
  interviewId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-01-19', description: 'InterviewRecorded' })
  interviewedOn?: string;

  @ApiPropertyOptional({
    description: "Reminders: the reminder's job id, naming its wave, contact, kind and window version",
    example: `reminder_${EXAMPLE_WAVE}_${EXAMPLE_CONTACT}_before-14_v1`,
  })
  reminderId?: string;

  @ApiPropertyOptional({ enum: REMINDER_KINDS, description: 'Reminders' })
  kind?: ReminderKind;

  @ApiPropertyOptional({ example: 14, description: 'Before-opening reminders: how many days before the window opens' })
  daysBefore?: number;

  @ApiPropertyOptional({ example: 1, description: 'Reminders: the window announced; the wave has one more with each reschedule' })
  windowVersion?: number;

  @ApiPropertyOptional({
    example: '<0f9c2d4e-7a1b-4c3d-9e8f-1a2b3c4d5e6f@casebook.example.org>',
    description: 'ReminderSent: the Message-ID the mail server accepted',
  })
  messageId?: string;

  @ApiPropertyOptional({
    enum: REMINDER_FAILURES,
    description: 'ReminderFailed: rejected, the mail server refused it for good; attempts-exhausted, every attempt failed',
  })
  failure?: string;

  @ApiPropertyOptional({ example: 550, description: "ReminderFailed: the mail server's answer code, when it gave one" })
  smtpCode?: number;

  @ApiPropertyOptional({ example: 1, description: 'ReminderFailed: attempts made' })
  attempts?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '550 5.1.1 Recipient address rejected',
    description:
      "ReminderFailed: the mail server's words; ContactOptedOut: the contact's reason, when given. Both are the contact's personal " +
      'data: shown to researchers and administrators, null for viewers and for everyone once the contact is erased',
  })
  reason?: string | null;
}

export class ContactHistoryResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_CONTACT })
  contactId!: string;

  @ApiProperty({ type: [ContactHistoryEntryResponse], description: 'This page of the events about the contact, in the order recorded' })
  entries!: ContactHistoryEntryResponse[];

  @ApiPropertyOptional({ description: 'The next page; absent on the last page' })
  next?: string;

  @ApiPropertyOptional({ description: 'The cursor inside `next`, for clients that build their own URLs' })
  nextCursor?: string;
}
