import type { InterviewWaveScheduled } from '@casebook/domain';

/** BullMQ queue that holds one delayed job per interview-wave reminder. */
export const REMINDER_QUEUE = 'interview-wave-reminders';

/** What the worker needs to write the email: the scheduled wave, and whom it is with. */
export type ReminderJobData = InterviewWaveScheduled['data'] & {
  mutualName: string;
  /** Carried from the HTTP request that scheduled the wave, for tracing a reminder back. */
  correlationId?: string;
};

/** One job per wave: re-adding it while it is kept is a no-op, so re-delivered events are harmless. */
export const reminderJobId = (waveId: string): string => `wave-reminder-${waveId}`;
