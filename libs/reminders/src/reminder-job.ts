/** BullMQ queue that holds one delayed job per interview-wave reminder. */
export const REMINDER_QUEUE = 'interview-wave-reminders';

export interface ReminderJobData {
  mutualId: string;
  mutualName: string;
  waveId: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
  contact: { name: string; email: string };
  remindAt: string;
  /** Carried from the HTTP request that scheduled the wave, for tracing a reminder back. */
  correlationId?: string;
}

/** One job per wave: re-adding it while it is kept is a no-op, so re-delivered events are harmless. */
export const reminderJobId = (waveId: string): string => `wave-reminder-${waveId}`;
