// Interview-wave reminders from end to end: the API records waves, contacts and interviews, the
// reminders app's reactor keeps the queue in step with the record, its worker sends through a real
// SMTP server and records what it sent. The apps share a clock the test sets (days ahead of the
// real one, ticking in real time), so a reminder due at 09:00 on a Monday in 2027 goes out seconds
// after the test sets the clock to just before it; no test waits for days. The file has a Redis
// of its own, so it can flush it and stop it for 30 s without touching other files.
import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { redisOptionsFromUrl } from '@casebook/config';
import { caseStreamName, reminderJobId } from '@casebook/domain';
import { type EventStore, type RecordedEvent, connectEventStore } from '@casebook/event-store';
import { REMINDER_QUEUE } from '@casebook/reminders';
import { Redis } from 'ioredis';
import { rebuildSchedule } from '../apps/reminders/src/rebuild-schedule.js';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { type OwnRedis, startOwnRedis } from './support/redis-server.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { waitUntil } from './support/wait-for.js';

jest.setTimeout(180_000);

describe('interview wave reminders', () => {
  let redis: OwnRedis;
  let casebook: Harness;
  let inbox: SmtpInbox;
  let queue: Queue;
  /** The store the apps use, whichever the project runs on. */
  let store: EventStore;
  let prefix: string;
  let shift = 0;
  /** Sets the apps' clock to `instant`, from which it ticks on in real time. */
  const setClock = (instant: string) => {
    shift = Date.parse(instant) - Date.now();
  };
  const now = () => new Date(Date.now() + shift);
  /** The apps' log lines, as an operator reads them. */
  const logLines: { level: string; msg: string }[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line) as { level: string; msg: string });
      done();
    },
  });

  beforeAll(async () => {
    redis = await startOwnRedis();
    inbox = await startSmtpInbox();
    setClock('2027-02-01T10:00:00Z');
    casebook = await startCasebook({ config: { redisUrl: redis.url, logLevel: 'warn' }, now, logs });
    prefix = await casebook.startReminders(inbox.url);
    queue = new Queue(REMINDER_QUEUE, { connection: redisOptionsFromUrl(redis.url), prefix });
    // The test's own view of the queue; the outage test stops Redis under it.
    queue.on('error', () => undefined);
    store = await connectEventStore(casebook.config);
  });
  afterAll(async () => {
    await queue?.close();
    await store?.close();
    await casebook?.close();
    await inbox?.close();
    await redis?.close();
  });

  const ok = <R extends { status: number; body: unknown }>(response: R, status = 201): R => {
    if (response.status !== status) throw new Error(`answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };

  async function caseWithContacts(name: string, people: [string, string][]) {
    const enrolled = await enrolledCase(casebook, name);
    const contactIds: string[] = [];
    for (const [person, email] of people) contactIds.push((await addContact(casebook, enrolled.caseId, person, email)).body.id);
    return { ...enrolled, contactIds };
  }

  async function scheduleWave(caseId: string, contactIds: string[], opensOn: string, closesOn: string, waveNumber = 1) {
    const wave = ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber, opensOn, closesOn, remindContactIds: contactIds }),
    );
    waves.push({ caseId, waveId: wave.body.id as string });
    return wave.body.id as string;
  }

  // Each test starts from an empty queue: its waves are cancelled afterwards, so that reminders
  // left for later days cannot come due when a later test sets the clock past them.
  const waves: { caseId: string; waveId: string }[] = [];
  afterEach(async () => {
    for (const { caseId, waveId } of waves.splice(0)) {
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${waveId}/cancellation`, { reason: 'End of the test' });
    }
    await waitUntil(async () => (await pendingIds()).length === 0, { timeoutMs: 30_000, what: 'an empty queue' });
  });

  const before = (waveId: string, contactId: string, daysBefore: number, version = 1) =>
    reminderJobId({ waveId, contactId, kind: 'before-opening', daysBefore }, version);
  const followUp = (waveId: string, contactId: string, version = 1) => reminderJobId({ waveId, contactId, kind: 'follow-up' }, version);

  /** The job ids waiting on the queue (delayed or ready), sorted. */
  async function pendingIds(): Promise<string[]> {
    const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized'], 0, -1);
    return jobs.map((job) => job.id!).sort();
  }

  /** Waits until every id in `present` is pending and none in `absent` is. */
  async function queueShows(present: string[], absent: string[] = [], what = 'the queue'): Promise<string[]> {
    return waitUntil(
      async () => {
        const ids = new Set(await pendingIds());
        return present.every((id) => ids.has(id)) && absent.every((id) => !ids.has(id)) && [...ids];
      },
      { timeoutMs: 30_000, intervalMs: 100, what },
    );
  }

  const eventsOf = async (caseId: string, type: string): Promise<RecordedEvent[]> =>
    (await store.readStream(caseStreamName(caseId))).filter((event) => event.type === `${type}.v1`);

  const mailsTo = (email: string) => inbox.messages.filter((mail) => mail.to.includes(email));

  /** What the clock in Europe/London says at `instant`: the weekday (1 is Monday) and minutes since midnight. */
  function londonClock(instant: string): { weekday: number; minutes: number } {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
    return { weekday, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
  }

  it('sends each reminder once, at the start of working hours in the study zone, and records it', async () => {
    const { caseId, contactIds } = await caseWithContacts('Northgate Leisure Trust', [['Alex Morgan', 'alex.morgan@example.org']]);
    const [alex] = contactIds;
    // A fortnight before Monday 15 March 2027 is Monday 1 March, 09:00 in London (GMT, so 09:00Z);
    // three days before is Friday 12 March; the follow-up a week into the window, Monday 22 March.
    setClock('2027-03-01T08:59:56Z');
    const waveId = await scheduleWave(caseId, [alex], '2027-03-15', '2027-04-30');

    const mail = await inbox.waitFor((m) => m.to.includes('alex.morgan@example.org'), 30_000);
    expect(now().getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-01T09:00:00Z'));
    expect(mail.header('subject')).toContain('Northgate Leisure Trust');
    expect(mail.raw).toContain('Alex Morgan');

    const [sent] = await waitUntil(async () => {
      const found = await eventsOf(caseId, 'ReminderSent');
      return found.length > 0 && found;
    });
    const { sentAt, kind, daysBefore, messageId } = sent.data as { sentAt: string; kind: string; daysBefore: number; messageId: string };
    expect({ kind, daysBefore }).toEqual({ kind: 'before-opening', daysBefore: 14 });
    expect(Date.parse(sentAt)).toBeGreaterThanOrEqual(Date.parse('2027-03-01T09:00:00Z'));
    expect(londonClock(sentAt)).toMatchObject({ weekday: 1 });
    expect(londonClock(sentAt).minutes).toBeGreaterThanOrEqual(9 * 60);
    expect(londonClock(sentAt).minutes).toBeLessThan(17 * 60);
    expect(mail.header('message-id')).toContain(messageId.replace(/^<|>$/g, ''));

    // The other two wait for their days, and the one sent is not sent again.
    await queueShows([before(waveId, alex, 3), followUp(waveId, alex)], [before(waveId, alex, 14)]);
    const later = await queue.getJob(before(waveId, alex, 3));
    expect(later!.timestamp + later!.opts.delay!).toBeGreaterThan(Date.now() + 10 * 86_400_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(mailsTo('alex.morgan@example.org')).toHaveLength(1);
    expect(await eventsOf(caseId, 'ReminderSent')).toHaveLength(1);
  });

  it('moves the reminders of a rescheduled wave, and the old ones never arrive', async () => {
    const { caseId, contactIds } = await caseWithContacts('Eastfield Libraries', [['Jo Reid', 'jo.reid@example.org']]);
    const [jo] = contactIds;
    setClock('2027-03-01T08:59:54Z');
    const waveId = await scheduleWave(caseId, [jo], '2027-03-15', '2027-04-30');
    await queueShows([before(waveId, jo, 14)], [], "the first window's reminders");
    ok(
      await casebook.request('PUT', `/api/v1/cases/${caseId}/waves/${waveId}/window`, { opensOn: '2027-05-10', closesOn: '2027-06-30' }),
      200,
    );

    await queueShows(
      [before(waveId, jo, 14, 2), before(waveId, jo, 3, 2), followUp(waveId, jo, 2)],
      [before(waveId, jo, 14), before(waveId, jo, 3), followUp(waveId, jo)],
      'the reminders moved to the new window',
    );
    // Past the moment the first window's reminder was due: nothing went out.
    await waitUntil(() => now().getTime() > Date.parse('2027-03-01T09:00:05Z'), { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mailsTo('jo.reid@example.org')).toHaveLength(0);
    expect(await eventsOf(caseId, 'ReminderSent')).toHaveLength(0);
  });

  it('removes pending reminders when a wave is cancelled or completed, and a contact opts out or is erased', async () => {
    // Interviews and completions are dated by the real calendar, so the completed wave opens in it.
    setClock('2026-12-01T10:00:00Z');
    const people: [string, string][] = [
      ['Sam Patel', 'sam.patel@example.org'],
      ['Lee Hughes', 'lee.hughes@example.org'],
      ['Ola Nowak', 'ola.nowak@example.org'],
    ];
    const cancelled = await caseWithContacts('Riverside Care Cooperative', people);
    const completed = await caseWithContacts('Hillcrest Youth Services', people);
    const cancelledWave = await scheduleWave(cancelled.caseId, cancelled.contactIds, '2027-07-05', '2027-08-27');
    // Opened on Monday 30 November: its follow-ups are due on Monday 7 December.
    const completedWave = await scheduleWave(completed.caseId, completed.contactIds, '2026-11-30', '2027-05-28');
    const [sam, lee, ola] = cancelled.contactIds;
    const allOf = (waveId: string, contactId: string) => [
      before(waveId, contactId, 14),
      before(waveId, contactId, 3),
      followUp(waveId, contactId),
    ];
    await queueShows(
      [...cancelled.contactIds.flatMap((id) => allOf(cancelledWave, id)), ...completed.contactIds.map((id) => followUp(completedWave, id))],
      [],
      'every reminder of both waves',
    );

    ok(await casebook.request('POST', `/api/v1/cases/${cancelled.caseId}/contacts/${lee}/opt-out`, {}), 200);
    ok(await casebook.request('DELETE', `/api/v1/cases/${cancelled.caseId}/contacts/${ola}`, {}), 200);
    await queueShows(
      allOf(cancelledWave, sam),
      [...allOf(cancelledWave, lee), ...allOf(cancelledWave, ola)],
      "the opted-out and erased contacts' reminders gone",
    );
    ok(
      await casebook.request('POST', `/api/v1/cases/${cancelled.caseId}/waves/${cancelledWave}/cancellation`, { reason: 'Funding cut' }),
      200,
    );
    await queueShows([], allOf(cancelledWave, sam), "the cancelled wave's reminders gone");

    ok(
      await casebook.request('POST', `/api/v1/cases/${completed.caseId}/waves/${completedWave}/interviews`, {
        role: 'director',
        interviewedOn: '2026-12-01',
        consent: 'given',
      }),
    );
    ok(await casebook.request('POST', `/api/v1/cases/${completed.caseId}/waves/${completedWave}/completion`, {}), 200);
    await queueShows(
      [],
      completed.contactIds.map((id) => followUp(completedWave, id)),
      "the completed wave's follow-ups gone",
    );
    expect(inbox.messages.filter((mail) => people.some(([, email]) => mail.to.includes(email)))).toHaveLength(0);
  });

  it('sends no follow-up to a contact with an interview recorded, and still follows up the others', async () => {
    const { caseId, contactIds } = await caseWithContacts('Moorside Health Partnership', [
      ['Kim Fraser', 'kim.fraser@example.org'],
      ['Ravi Shah', 'ravi.shah@example.org'],
    ]);
    const [kim, ravi] = contactIds;
    // A week into a window that opened on Friday 27 November 2026 is Friday 4 December, 09:00 in London.
    setClock('2026-12-04T08:59:52Z');
    const waveId = await scheduleWave(caseId, [kim, ravi], '2026-11-27', '2027-04-30');
    ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${waveId}/interviews`, {
        role: 'director',
        contactId: kim,
        interviewedOn: '2026-12-01',
        consent: 'given',
      }),
    );

    await inbox.waitFor((m) => m.to.includes('ravi.shah@example.org'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(mailsTo('kim.fraser@example.org')).toHaveLength(0);
    expect(mailsTo('ravi.shah@example.org')).toHaveLength(1);
    const sent = await eventsOf(caseId, 'ReminderSent');
    const sentTo = sent.map((event) => event.data as { contactId: string; kind: string });
    expect(sentTo.map(({ contactId, kind }) => [contactId, kind])).toEqual([[ravi, 'follow-up']]);
  });

  it('puts back exactly the pending reminders after Redis lost them, and sends none twice', async () => {
    const soon = await caseWithContacts('Greenway Community Transport', [['Ivy Clarke', 'ivy.clarke@example.org']]);
    const later = await caseWithContacts('Lakeside Social Enterprise', [
      ['Ben Adler', 'ben.adler@example.org'],
      ['Mia Rossi', 'mia.rossi@example.org'],
    ]);
    const [ivy] = soon.contactIds;
    setClock('2027-03-01T08:59:57Z');
    const soonWave = await scheduleWave(soon.caseId, [ivy], '2027-03-15', '2027-04-30');
    const laterWave = await scheduleWave(later.caseId, later.contactIds, '2027-09-06', '2027-10-29');
    await inbox.waitFor((m) => m.to.includes('ivy.clarke@example.org'), 30_000);
    await waitUntil(async () => (await eventsOf(soon.caseId, 'ReminderSent')).length === 1, { what: 'the reminder recorded' });
    const expected = [
      before(soonWave, ivy, 3),
      followUp(soonWave, ivy),
      ...later.contactIds.flatMap((id) => [before(laterWave, id, 14), before(laterWave, id, 3), followUp(laterWave, id)]),
    ].sort();
    await queueShows(expected, [before(soonWave, ivy, 14)], 'the reminders still to come');
    expect(await pendingIds()).toEqual(expected);

    const client = new Redis(redisOptionsFromUrl(redis.url));
    await client.flushall();
    await client.quit();
    expect(await pendingIds()).toEqual([]);

    const rebuilt = await rebuildSchedule(casebook.config, { prefix, now });
    // The reactor may have noticed the empty queue first and put some back itself.
    expect(rebuilt.added + rebuilt.alreadyPresent).toBe(expected.length);
    expect(await pendingIds()).toEqual(expected);
    const again = await rebuildSchedule(casebook.config, { prefix, now });
    expect({ added: again.added, removed: again.removed, moved: again.moved }).toEqual({ added: 0, removed: 0, moved: 0 });
    expect(await pendingIds()).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mailsTo('ivy.clarke@example.org')).toHaveLength(1);
  });

  it('loses nothing while Redis is stopped for 30 s under the running apps', async () => {
    const { caseId, contactIds } = await caseWithContacts('Brookside Employment Mutual', [
      ['Noor Ali', 'noor.ali@example.org'],
      ['Tom Burke', 'tom.burke@example.org'],
    ]);
    const [noor, tom] = contactIds;
    const held = await caseWithContacts('Westgate Housing Mutual', [['Ada Okafor', 'ada.okafor@example.org']]);
    setClock('2027-06-01T10:00:00Z');
    const heldWave = await scheduleWave(held.caseId, held.contactIds, '2027-09-06', '2027-10-29');
    await queueShows([before(heldWave, held.contactIds[0], 14)], [], "Ada's reminders");

    const consoleErrors = jest.spyOn(console, 'error');
    await redis.stop();
    // Monday 15 March 2027 is a fortnight before Monday 29 March, the day after the clocks go
    // forward: 09:00 in London is 09:00Z on the 15th. Due during the outage.
    setClock('2027-03-15T08:59:58Z');
    const waveId = await scheduleWave(caseId, [noor, tom], '2027-03-29', '2027-05-28');
    ok(await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${tom}/opt-out`, {}), 200);
    ok(await casebook.request('POST', `/api/v1/cases/${held.caseId}/contacts/${held.contactIds[0]}/opt-out`, {}), 200);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    expect(mailsTo('noor.ali@example.org')).toHaveLength(0);
    await redis.start();
    // The outage is in the structured log, once per attempt to reconnect, and not on the console.
    expect(logLines.some((line) => line.level === 'warn' && line.msg.includes('reminder queue is unreachable'))).toBe(true);
    expect(consoleErrors).not.toHaveBeenCalled();
    consoleErrors.mockRestore();

    await inbox.waitFor((m) => m.to.includes('noor.ali@example.org'), 60_000);
    await queueShows(
      [followUp(waveId, noor)],
      [before(heldWave, held.contactIds[0], 14), before(heldWave, held.contactIds[0], 3), followUp(heldWave, held.contactIds[0])],
      'the queue caught up with what happened while Redis was away',
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(mailsTo('noor.ali@example.org')).toHaveLength(1);
    expect(mailsTo('tom.burke@example.org')).toHaveLength(0);
    const sent = await waitUntil(async () => {
      const found = await eventsOf(caseId, 'ReminderSent');
      return found.length > 0 && found;
    });
    expect(sent.map((event) => (event.data as { contactId: string }).contactId)).toEqual([noor]);
  });
});
