// Interview-wave reminders: the job shape shared by producer and worker, the scheduler that
// turns events into delayed jobs, what a due job resolves to, and the email a contact receives.
export * from './reminder-job.js';
export * from './reminder-email.js';
export * from './reminder-resolver.js';
export * from './reminder-scheduler.js';
