import type { ReminderJobData } from './reminder-job.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

const longDate = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function reminderEmail(job: ReminderJobData): EmailMessage {
  return {
    to: `"${job.contact.name.replace(/"/g, '')}" <${job.contact.email}>`,
    subject: `Interview wave ${job.waveNumber} with ${job.mutualName}: ${longDate(job.opensOn)} to ${longDate(job.closesOn)}`,
    text: [
      `Dear ${job.contact.name},`,
      '',
      `Thank you for taking part in our research with ${job.mutualName}.`,
      `Interview wave ${job.waveNumber} runs from ${longDate(job.opensOn)} to ${longDate(job.closesOn)}.`,
      'We will be in touch to arrange a convenient time. If you would rather not be contacted, reply to this email and we will remove you from our list.',
      '',
      'With thanks,',
      'The research team',
    ].join('\n'),
  };
}
