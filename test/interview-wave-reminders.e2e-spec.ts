import { type Harness, startCasebook } from './support/casebook-harness.js';
import { type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';

describe('interview wave reminders', () => {
  let casebook: Harness;
  let inbox: SmtpInbox;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    casebook = await startCasebook();
    await casebook.startReminders(inbox.url);
  });
  afterAll(async () => {
    await casebook?.close();
    await inbox?.close();
  });

  it('emails the case contact when a scheduled wave is due', async () => {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Northgate Leisure Trust',
      serviceAreas: ['sports-and-leisure'],
    });
    const remindAt = new Date(Date.now() + 1500).toISOString();
    const scheduled = await casebook.request('POST', `/api/v1/mutuals/${mutual.body.id}/interview-waves`, {
      waveNumber: 1,
      opensOn: '2027-03-01',
      closesOn: '2027-04-30',
      contact: { name: 'Alex Morgan', email: 'alex.morgan@example.org' },
      remindAt,
    });
    expect(scheduled.status).toBe(201);

    const mail = await inbox.waitFor((m) => m.to.includes('alex.morgan@example.org'));
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(remindAt));
    expect(mail.header('subject')).toBe('Interview wave 1 with Northgate Leisure Trust: 1 March 2027 to 30 April 2027');
    expect(mail.raw).toContain('Dear Alex Morgan,');
    expect(mail.header('x-correlation-id')).toBeDefined();
  });

  it('refuses a wave out of sequence and schedules nothing for it', async () => {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name: 'Eastfield Libraries', serviceAreas: ['culture-media-and-libraries'] });
    const wave = (waveNumber: number, email: string) =>
      casebook.request('POST', `/api/v1/mutuals/${mutual.body.id}/interview-waves`, {
        waveNumber,
        opensOn: '2027-05-03',
        closesOn: '2027-06-30',
        contact: { name: 'Jo Reid', email },
        remindAt: new Date(Date.now() + 200).toISOString(),
      });
    const skipped = await wave(2, 'too-early@example.org');
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({ rule: 'wave-sequence' });
    await wave(1, 'jo.reid@example.org');
    await inbox.waitFor((m) => m.to.includes('jo.reid@example.org'));
    expect(inbox.messages.some((m) => m.to.includes('too-early@example.org'))).toBe(false);
  });
});
