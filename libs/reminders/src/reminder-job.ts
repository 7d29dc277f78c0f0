/** BullMQ queue that holds one delayed job per contact to remind of an interview wave. */
export const REMINDER_QUEUE = 'interview-wave-reminders';

/**
 * Which reminder to send, by reference only: no name or email ever sits in Redis. The worker
 * reads the case when the job is due, so an erased or opted-out contact, or a cancelled wave,
 * gets no email, and a rescheduled window is the one announced.
 */
export interface ReminderJobData {
  caseId: string;
  waveId: string;
  contactId: string;
  /** Carried from the HTTP request that scheduled the wave, for tracing a reminder back. */
  correlationId?: string;
}

/** One job per wave and contact: re-adding it while it is kept is a no-op. */
export const reminderJobId = (waveId: string, contactId: string): string => `wave-reminder-${waveId}-${contactId}`;
