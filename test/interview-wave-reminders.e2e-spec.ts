import { Queue } from 'bullmq';
import { redisOptionsFromUrl } from '@casebook/config';
import { REMINDER_QUEUE } from '@casebook/reminders';
const reminderJobId = (waveId: string, contactId: string): string => `wave-reminder-${waveId}-${contactId}`;
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { waitUntil } from './support/wait-for.js';

describe('interview wave reminders', () => {
  let casebook: Harness;
  let inbox: SmtpInbox;
  let queue: Queue;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    casebook = await startCasebook();
    const prefix = await casebook.startReminders(inbox.url);
    queue = new Queue(REMINDER_QUEUE, { connection: redisOptionsFromUrl(casebook.config.redisUrl), prefix });
  });
  afterAll(async () => {
    await queue?.close();
    await casebook?.close();
    await inbox?.close();
  });

  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

  it('emails each contact to remind when a scheduled wave is due', async () => {
    const { caseId } = await enrolledCase(casebook, 'Northgate Leisure Trust', 'sports-and-leisure');
    const alex = await addContact(casebook, caseId, 'Alex Morgan', 'alex.morgan@example.org');
    const remindAt = new Date(Date.now() + 1500).toISOString();
    const scheduled = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: day(10),
      closesOn: day(40),
      remindContactIds: [alex.body.id],
      remindAt,
    });
    expect(scheduled.status).toBe(201);

    const mail = await inbox.waitFor((m) => m.to.includes('alex.morgan@example.org'));
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(remindAt));
    expect(mail.header('subject')).toMatch(/^Interview wave 1 with Northgate Leisure Trust: /);
    expect(mail.raw).toContain('Dear Alex Morgan,');
    expect(mail.header('x-correlation-id')).toBe(scheduled.headers.get('x-correlation-id'));
  });

  it('sends nothing to a contact who opted out before the reminder was due', async () => {
    const { caseId } = await enrolledCase(casebook, 'Eastfield Libraries', 'culture-media-and-libraries');
    const jo = await addContact(casebook, caseId, 'Jo Reid', 'jo.reid@example.org');
    const kim = await addContact(casebook, caseId, 'Kim Fraser', 'kim.fraser@example.org');
    const scheduled = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: day(5),
      closesOn: day(30),
      remindContactIds: [jo.body.id, kim.body.id],
      remindAt: new Date(Date.now() + 2500).toISOString(),
    });
    expect(scheduled.status).toBe(201);
    expect((await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${kim.body.id}/opt-out`, {})).status).toBe(200);
    await inbox.waitFor((m) => m.to.includes('jo.reid@example.org'));
    const kimsJob = await waitUntil(async () => {
      const id = reminderJobId(scheduled.body.id, kim.body.id);
      const job = await queue.getJob(id);
      // Fetched again once completed: the copy read before completion has no return value yet.
      return job && (await job.isCompleted()) ? queue.getJob(id) : undefined;
    });
    expect(kimsJob.returnvalue).toEqual({ skipped: 'the wave is closed, or the contact may no longer be contacted' });
    expect(inbox.messages.some((m) => m.to.includes('kim.fraser@example.org'))).toBe(false);
  });
});
