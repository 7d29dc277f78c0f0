// The email a contact receives for one reminder, from the record as it stands when the job is
// due: the study, the mutual, the wave and its window, wording for before the opening or for a
// follow-up, and the unsubscribe link. Both parts come from Handlebars templates compiled once
// with this module: the HTML part escapes every value, the text part none.
import Handlebars from 'handlebars';
import type { ContactPersonal, ReminderKind } from '@casebook/domain';
import { REMINDER_HTML_TEMPLATE } from './templates/reminder-html.template.js';
import { REMINDER_TEXT_TEMPLATE } from './templates/reminder-text.template.js';

export interface ReminderFacts {
  kind: ReminderKind;
  studyTitle: string;
  mutualName: string;
  waveNumber: number;
  /** `YYYY-MM-DD`, a day in the study's zone, as the window's days are. */
  opensOn: string;
  closesOn: string;
  /** The study's IANA zone. */
  timeZone: string;
  /** ISO instant the email goes out: "opens in N days" counts from its day in the study's zone. */
  sentAt: string;
  contact: ContactPersonal;
  unsubscribeUrl: string;
}

export interface EmailMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

interface TemplateView {
  subject: string;
  contactName: string;
  studyTitle: string;
  mutualName: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
  timeZone: string;
  followUp: boolean;
  opensIn: string;
  unsubscribeUrl: string;
}

// Strict: a template naming a value the view lacks throws instead of leaving a gap in the email.
const handlebars = Handlebars.create();
const renderText = handlebars.compile<TemplateView>(REMINDER_TEXT_TEMPLATE, { noEscape: true, strict: true });
const renderHtml = handlebars.compile<TemplateView>(REMINDER_HTML_TEMPLATE, { strict: true });

const DAY_MS = 24 * 60 * 60 * 1000;

// The day is already the zone's calendar day, so it is formatted as a UTC noon, which no offset moves.
const longDateParts = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2027-01-11` as "Monday 11 January 2027" (ICU puts a comma after the weekday, which UK usage does not). */
export function longUkDate(day: string): string {
  const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  const parts = longDateParts.formatToParts(new Date(`${day}T12:00:00Z`));
  return `${part(parts, 'weekday')} ${part(parts, 'day')} ${part(parts, 'month')} ${part(parts, 'year')}`;
}

/** The `YYYY-MM-DD` day an instant falls on in `timeZone`. */
function dayIn(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(instant),
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function opensIn(opensOn: string, sentAt: string, timeZone: string): string {
  const days = Math.round((Date.parse(opensOn) - Date.parse(dayIn(sentAt, timeZone))) / DAY_MS);
  if (days <= 0) return 'today';
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}

export function reminderEmail(facts: ReminderFacts): EmailMessage {
  const followUp = facts.kind === 'follow-up';
  const opensOn = longUkDate(facts.opensOn);
  const closesOn = longUkDate(facts.closesOn);
  const subject = followUp
    ? `Interview wave ${facts.waveNumber} with ${facts.mutualName} is open until ${closesOn}`
    : `Interview wave ${facts.waveNumber} with ${facts.mutualName} opens on ${opensOn}`;
  const view: TemplateView = {
    subject,
    contactName: facts.contact.name,
    studyTitle: facts.studyTitle,
    mutualName: facts.mutualName,
    waveNumber: facts.waveNumber,
    opensOn,
    closesOn,
    timeZone: facts.timeZone,
    followUp,
    opensIn: followUp ? '' : opensIn(facts.opensOn, facts.sentAt, facts.timeZone),
    unsubscribeUrl: facts.unsubscribeUrl,
  };
  return {
    to: { name: facts.contact.name, address: facts.contact.email },
    subject,
    text: renderText(view),
    html: renderHtml(view),
    headers: {
      // RFC 2369 and RFC 8058: mail clients offer an unsubscribe button that POSTs to the link.
      'List-Unsubscribe': `<${facts.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * The Message-ID of a reminder: the same for every attempt at one job, so a receiver that got
 * a copy already (a send whose acceptance was lost) can drop the second. Job ids are made of
 * letters, digits, `-` and `_`, all allowed in a Message-ID.
 */
export function reminderMessageId(jobId: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1];
  if (!domain) throw new Error(`MAIL_FROM (${mailFrom}) has no domain to make reminders' Message-IDs with`);
  return `<${jobId}@${domain}>`;
}
