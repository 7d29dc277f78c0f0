import type { ContactPersonal } from '@casebook/domain';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface ReminderFacts {
  mutualName: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
  contact: ContactPersonal;
}

const longDate = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function reminderEmail(facts: ReminderFacts): EmailMessage {
  const window = `${longDate(facts.opensOn)} to ${longDate(facts.closesOn)}`;
  return {
    to: `"${facts.contact.name.replace(/"/g, '')}" <${facts.contact.email}>`,
    subject: `Interview wave ${facts.waveNumber} with ${facts.mutualName}: ${window}`,
    text: [
      `Dear ${facts.contact.name},`,
      '',
      `Thank you for taking part in our research with ${facts.mutualName}.`,
      `Interview wave ${facts.waveNumber} runs from ${window}.`,
      'We will be in touch to arrange a convenient time. If you would rather not be contacted, reply to this email and we will remove you from our list.',
      '',
      'With thanks,',
      'The research team',
    ].join('\n'),
  };
}
