// Interview-wave reminders: the job shape shared by the reactor and the worker, the record both
// decide from, the reactor that keeps the queue in step with the record, the email a contact
// receives and its unsubscribe link.
export * from './reminder-job.js';
export * from './reminder-email.js';
export * from './reminder-record.js';
export * from './reminder-scheduler.js';
export * from './unsubscribe-token.js';
