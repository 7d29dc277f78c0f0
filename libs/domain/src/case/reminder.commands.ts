// What the reminders worker records once a reminder's fate is known. These come from the worker,
// never from a request body, so they have no schema: the worker builds them from the schedule.
import type { ReminderFailed, ReminderSent } from './case.events.js';

export interface RecordReminderSent {
  type: 'RecordReminderSent';
  data: Omit<ReminderSent['data'], 'sentAt'>;
  now: string;
}

export interface RecordReminderFailed {
  type: 'RecordReminderFailed';
  data: Omit<ReminderFailed['data'], 'failedAt' | 'personal'> & {
    /** The mail server's words, or why no attempt was left. */ reason: string;
  };
  now: string;
}

export type ReminderCommand = RecordReminderSent | RecordReminderFailed;
