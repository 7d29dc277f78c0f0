import { type ReminderFacts, longUkDate, reminderEmail, reminderMessageId } from './reminder-email.js';

const facts: ReminderFacts = {
  kind: 'before-opening',
  studyTitle: 'Public service mutuals, ten years on',
  mutualName: 'Riverside Community Health CIC',
  waveNumber: 2,
  opensOn: '2027-01-11',
  closesOn: '2027-02-26',
  timeZone: 'Europe/London',
  sentAt: '2026-12-28T09:00:00.000Z',
  contact: { name: 'Sam Patel', email: 'sam@example.org' },
  unsubscribeUrl: 'https://casebook.example.org/unsubscribe/eyJ0b2tlbiI.c2lnbmF0dXJl',
};

describe('reminder email', () => {
  it('addresses the contact and names the study, the mutual, the wave and its window in long UK dates', () => {
    const email = reminderEmail(facts);
    expect(email.to).toEqual({ name: 'Sam Patel', address: 'sam@example.org' });
    expect(email.subject).toBe('Interview wave 2 with Riverside Community Health CIC opens on Monday 11 January 2027');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Dear Sam Patel,');
      expect(part).toContain('“Public service mutuals, ten years on” with Riverside Community Health CIC');
      expect(part).toContain('Interview wave 2 opens in 14 days');
      expect(part).toMatch(/Monday 11 January 2027(<\/strong>)? to (<strong>)?Friday 26 February 2027/);
      expect(part).toContain('(dates in Europe/London)');
    }
  });

  it('counts the days to the opening from the day it is sent in the study’s zone', () => {
    // 20:00 on 10 January in London is already 11 January in Auckland, a day nearer the opening.
    const late = { ...facts, sentAt: '2027-01-10T20:00:00.000Z' };
    expect(reminderEmail(late).text).toContain('opens tomorrow');
    expect(reminderEmail({ ...late, timeZone: 'Pacific/Auckland', opensOn: '2027-01-12' }).text).toContain('opens tomorrow');
    expect(reminderEmail({ ...late, timeZone: 'Pacific/Auckland', opensOn: '2027-01-13' }).text).toContain('opens in 2 days');
  });

  it('words a follow-up as a window already open, to someone not yet interviewed', () => {
    const email = reminderEmail({ ...facts, kind: 'follow-up', sentAt: '2027-01-18T09:00:00.000Z' });
    expect(email.subject).toBe('Interview wave 2 with Riverside Community Health CIC is open until Friday 26 February 2027');
    expect(email.text).toContain('Interview wave 2 opened on Monday 11 January 2027 and runs until Friday 26 February 2027');
    expect(email.text).toContain('We have not yet spoken with you in this wave');
    expect(email.text).not.toContain('opens in');
  });

  it('carries the unsubscribe link in both parts and as one-click List-Unsubscribe headers', () => {
    const email = reminderEmail(facts);
    expect(email.text).toContain(`\n${facts.unsubscribeUrl}\n`);
    expect(email.html).toContain(`<a href="${facts.unsubscribeUrl}">`);
    expect(email.headers).toEqual({
      'List-Unsubscribe': `<${facts.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('escapes names in the HTML part and leaves them as written in the text part', () => {
    const email = reminderEmail({
      ...facts,
      mutualName: 'Smith & Daughters <Care> Ltd',
      studyTitle: '"Ownership" & <services>',
      contact: { name: 'Jo <script>alert(1)</script> Reid', email: 'jo@example.org' },
    });
    expect(email.html).toContain('Smith &amp; Daughters &lt;Care&gt; Ltd');
    expect(email.html).toContain('&quot;Ownership&quot; &amp; &lt;services&gt;');
    expect(email.html).toContain('Dear Jo &lt;script&gt;alert(1)&lt;/script&gt; Reid,');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('Smith & Daughters <Care> Ltd');
    expect(email.text).toContain('Dear Jo <script>alert(1)</script> Reid,');
  });

  it('writes days without the comma ICU puts after the weekday', () => {
    expect(longUkDate('2026-03-29')).toBe('Sunday 29 March 2026');
    expect(longUkDate('2024-02-29')).toBe('Thursday 29 February 2024');
  });

  it('derives one Message-ID per job from the sender’s domain', () => {
    const jobId = 'reminder_0b6e_c-1_before-14_v2';
    expect(reminderMessageId(jobId, 'Casebook Research <research@casebook.example.org>')).toBe(`<${jobId}@casebook.example.org>`);
    expect(reminderMessageId(jobId, 'research@casebook.example.org')).toBe(`<${jobId}@casebook.example.org>`);
    expect(() => reminderMessageId(jobId, 'Casebook')).toThrow(/MAIL_FROM/);
  });
});
