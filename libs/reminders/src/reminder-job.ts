import type { Reminder } from '@casebook/domain';

/** BullMQ queue that holds one delayed job per reminder the record calls for. */
export const REMINDER_QUEUE = 'interview-wave-reminders';

/**
 * Which reminder to send, by reference only: no name or email ever sits in Redis. The worker
 * reads the record when the job is due, so an erased or opted-out contact, a cancelled wave or
 * an interview recorded since gets no email, and a rescheduled window is the one announced.
 * The job's id is the reminder's `jobId` (case/reminder-schedule.ts), so a duplicate is impossible
 * while the job is kept.
 */
export interface ReminderJobData {
  caseId: string;
  waveId: string;
  contactId: string;
  kind: Reminder['kind'];
  daysBefore?: number;
  windowVersion: number;
  /** ISO instant the schedule timed it for. */
  sendAt: string;
  /** Carried from the request whose event called for it, for tracing a reminder back. */
  correlationId?: string;
}

export function reminderJobData(reminder: Reminder, caseId: string, windowVersion: number, correlationId?: string): ReminderJobData {
  return {
    caseId,
    waveId: reminder.waveId,
    contactId: reminder.contactId,
    kind: reminder.kind,
    ...(reminder.kind === 'before-opening' && { daysBefore: reminder.daysBefore }),
    windowVersion,
    sendAt: reminder.sendAt,
    ...(correlationId !== undefined && { correlationId }),
  };
}
