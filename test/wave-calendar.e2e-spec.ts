// The wave calendar of a study and the iCalendar feeds a team subscribes to, through the API:
// a 12-case study with three waves a case, some rescheduled, completed, cancelled and overdue
// on a day the test decides (the API's clock), walked a page at a time while waves move; and
// feeds whose access follows the account's own stream from one fetch to the next.
import ICAL from 'ical.js';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

/** 23:30 UTC on 14 June 2026 is already 15 June in London (BST): the study's day is the 15th. */
const CLOCK = new Date('2026-06-14T23:30:00Z');
const TODAY = '2026-06-15';
const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const daysFromToday = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${TODAY}T00:00:00Z`)) / 86_400_000);

const selection = {
  serviceAreas: ['health-and-social-care'],
  stageOfDevelopment: 'established',
  turnoverBand: '1m-5m',
  employeeBand: '50-249',
  region: 'north-west',
  legalForm: 'community-interest-company',
};
const CONTACT = { name: 'Marguerite Ashdown-Pell', email: 'm.ashdown-pell@example.org' };

/** What the test did to each wave, from which it expects what the calendar says. */
interface Wave {
  caseId: string;
  mutualId: string;
  mutualName: string;
  waveId: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
  status: 'scheduled' | 'in-progress' | 'completed' | 'cancelled';
  interviews: number;
}

const key = (entry: { caseId: string; waveId: string }) => `${entry.caseId}/${entry.waveId}`;
const byCalendarOrder = (a: Wave, b: Wave) =>
  a.opensOn.localeCompare(b.opensOn) || a.caseId.localeCompare(b.caseId) || a.waveId.localeCompare(b.waveId);

function expectedEntry(wave: Wave) {
  const open = wave.status === 'scheduled' || wave.status === 'in-progress';
  const overdue = open && wave.closesOn < TODAY;
  return {
    caseId: wave.caseId,
    mutualId: wave.mutualId,
    mutualName: wave.mutualName,
    waveId: wave.waveId,
    waveNumber: wave.waveNumber,
    opensOn: wave.opensOn,
    closesOn: wave.closesOn,
    state: overdue ? 'overdue' : wave.status,
    daysUntilOpening: wave.opensOn >= TODAY ? daysFromToday(wave.opensOn) : null,
    daysOverdue: overdue ? -daysFromToday(wave.closesOn) : null,
    interviewCount: wave.interviews,
  };
}

const ALL_STATES = 'scheduled,in-progress,overdue,completed,skipped,cancelled,signed-off';

describe('the wave calendar and calendar feeds', () => {
  let casebook: Harness;
  let store: EventStore;
  let studyId: string;
  const waves: Wave[] = [];
  let researcher: { accountId: string; headers: Headers };
  let viewer: { accountId: string; headers: Headers };
  let outsider: { accountId: string; headers: Headers };

  const ok = <T>(response: HttpResult<T>, what: string): HttpResult<T> => {
    if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const calendarPath = (id = studyId) => `/api/v1/studies/${id}/wave-calendar`;
  const waveOf = (caseIndex: number, waveNumber: number) =>
    waves.find((w) => w.caseId === caseIds[caseIndex] && w.waveNumber === waveNumber)!;
  const caseIds: string[] = [];
  let last: HttpResult<{ position: string }>;

  async function reschedule(wave: Wave, opensOn: string, closesOn: string) {
    last = ok(
      await casebook.request('PUT', `/api/v1/cases/${wave.caseId}/waves/${wave.waveId}/window`, { opensOn, closesOn }, researcher.headers),
      'reschedule',
    );
    Object.assign(wave, { opensOn, closesOn });
  }

  beforeAll(async () => {
    casebook = await startCasebook({ now: () => CLOCK });
    store = await connectEventStore(casebook.config);
    const study = ok(
      await casebook.request('POST', '/api/v1/studies', {
        title: 'Mutuals after spin-out',
        startsOn: '2025-01-06',
        endsOn: '2028-03-31',
        timeZone: 'Europe/London',
      }),
      'create study',
    );
    studyId = study.body.id;
    researcher = await casebook.account('researcher', [studyId]);
    viewer = await casebook.account('viewer', [studyId]);
    outsider = await casebook.account('viewer');

    for (let i = 0; i < 12; i++) {
      const mutualName = `Calendar Community Mutual ${String(i + 1).padStart(2, '0')}`;
      const mutual = ok(
        await casebook.request('POST', '/api/v1/mutuals', { name: mutualName, serviceAreas: ['health-and-social-care'] }),
        'mutual',
      );
      const enrolled = ok(
        await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, { mutualId: mutual.body.id, selection }),
        'enrol',
      );
      const caseId = enrolled.body.id;
      caseIds.push(caseId);
      // Wave 1 closed before today, wave 2 open around it, wave 3 still to come.
      const windows = [
        [day(-90 + i), day(-70 + i)],
        [day(-10 + i), day(10 + i)],
        [day(30 + i), day(50 + i)],
      ];
      for (const [index, [opensOn, closesOn]] of windows.entries()) {
        const scheduled = ok(
          await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: index + 1, opensOn, closesOn }, researcher.headers),
          'schedule',
        );
        waves.push({
          caseId,
          mutualId: mutual.body.id,
          mutualName,
          waveId: scheduled.body.id,
          waveNumber: index + 1,
          opensOn,
          closesOn,
          status: 'scheduled',
          interviews: 0,
        });
      }
    }
    const interview = async (wave: Wave, on: string) => {
      last = ok(
        await casebook.request(
          'POST',
          `/api/v1/cases/${wave.caseId}/waves/${wave.waveId}/interviews`,
          { role: 'director', interviewedOn: on, consent: 'given' },
          researcher.headers,
        ),
        'interview',
      );
      wave.status = 'in-progress';
      wave.interviews += 1;
    };
    // Cases 5 to 10 completed wave 1; cases 1 to 4 never did, so theirs is overdue.
    for (let i = 4; i < 10; i++) {
      const wave = waveOf(i, 1);
      await interview(wave, wave.opensOn);
      ok(
        await casebook.request(
          'POST',
          `/api/v1/cases/${wave.caseId}/waves/${wave.waveId}/completion`,
          { occurredOn: wave.closesOn },
          researcher.headers,
        ),
        'complete',
      );
      wave.status = 'completed';
    }
    // Interviews started in wave 2 of cases 3 and 6; wave 1 of case 12 has one but is overdue all the same.
    await interview(waveOf(2, 2), day(-5));
    await interview(waveOf(5, 2), day(-3));
    await interview(waveOf(11, 1), waveOf(11, 1).opensOn);
    // Wave 3 of cases 11 and 12 called off.
    for (const i of [10, 11]) {
      const wave = waveOf(i, 3);
      last = ok(
        await casebook.request(
          'POST',
          `/api/v1/cases/${wave.caseId}/waves/${wave.waveId}/cancellation`,
          { reason: 'The mutual asked for a pause', occurredOn: '2026-06-01' },
          researcher.headers,
        ),
        'cancel',
      );
      wave.status = 'cancelled';
    }
    // Waves 3 of cases 7 and 8 moved a month later.
    await reschedule(waveOf(6, 3), day(66), day(86));
    await reschedule(waveOf(7, 3), day(67), day(87));
    const contact = ok(
      await casebook.request('POST', `/api/v1/cases/${caseIds[0]}/contacts`, {
        role: 'director',
        consentToContact: true,
        personal: CONTACT,
      }),
      'contact',
    );
    await casebook.projected(contact);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  it('documents the calendar, the feeds and the iCalendar answer in the OpenAPI document', async () => {
    const { body: document } = await casebook.request('GET', '/api/docs-json', undefined, { authorization: '' });
    const operation = (path: string, method: string) => document.paths[path]?.[method] as { operationId: string; [key: string]: any };
    expect(operation('/api/v1/studies/{studyId}/wave-calendar', 'get').operationId).toBe('getWaveCalendar');
    expect(
      operation('/api/v1/studies/{studyId}/wave-calendar', 'get')
        .parameters.map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['cursor', 'from', 'limit', 'state', 'studyId', 'to']);
    expect(operation('/api/v1/accounts/{accountId}/calendar-feeds', 'post').operationId).toBe('issueCalendarFeed');
    expect(operation('/api/v1/accounts/{accountId}/calendar-feeds', 'get').operationId).toBe('listCalendarFeeds');
    expect(operation('/api/v1/accounts/{accountId}/calendar-feeds/{feedId}', 'delete').operationId).toBe('revokeCalendarFeed');
    const feed = operation('/calendar/{token}.ics', 'get');
    expect(feed.operationId).toBe('getCalendarFeed');
    expect(Object.keys(feed.responses['200'].content)).toEqual(['text/calendar; charset=utf-8']);
    expect(feed.security ?? []).toEqual([]);
    expect(Object.keys(feed.responses)).toEqual(expect.arrayContaining(['404', '429']));
  });

  describe('GET /api/v1/studies/{studyId}/wave-calendar', () => {
    it("lists the open windows as of today in the study's time zone, each in its state, by the day it opens", async () => {
      const calendar = await casebook.request('GET', calendarPath(), undefined, viewer.headers);
      expect(calendar.status).toBe(200);
      expect(calendar.body).toMatchObject({ studyId, today: TODAY, timeZone: 'Europe/London' });
      const open = waves.filter((w) => w.status === 'scheduled' || w.status === 'in-progress').sort(byCalendarOrder);
      expect(open).toHaveLength(28);
      expect(calendar.body.entries).toEqual(open.map(expectedEntry));
      expect(calendar.body.next).toBeUndefined();
      // Read in London the window of case 1's wave 1 closed 70 days ago, not 69 as in UTC.
      expect(calendar.body.entries.find((e: Wave) => e.waveId === waveOf(0, 1).waveId)).toMatchObject({
        state: 'overdue',
        closesOn: day(-70),
        daysOverdue: 70,
      });
      const states = (calendar.body.entries as { state: string }[]).map((e) => e.state);
      expect(states.filter((s) => s === 'overdue')).toHaveLength(6);
      expect(states.filter((s) => s === 'in-progress')).toHaveLength(2);
      expect(calendar.body.entries.find((e: Wave) => e.waveId === waveOf(11, 2).waveId)).toMatchObject({
        state: 'scheduled',
        daysUntilOpening: 1,
      });
      expect(calendar.body.entries.find((e: Wave) => e.waveId === waveOf(10, 2).waveId)).toMatchObject({ daysUntilOpening: 0 });
    });

    it('walks all 36 windows a page at a time while waves are rescheduled, each once and in its state', async () => {
      const seen: { caseId: string; waveId: string; opensOn: string; state: string }[] = [];
      let path: string | undefined = `${calendarPath()}?state=${ALL_STATES}&limit=5`;
      let pages = 0;
      const movedAhead: Wave[] = [];
      while (path && pages < 20) {
        const page: HttpResult = await casebook.request('GET', path, undefined, viewer.headers);
        expect(page.status).toBe(200);
        expect(page.body.entries.length).toBeLessThanOrEqual(5);
        seen.push(...page.body.entries);
        pages += 1;
        if (pages === 2) {
          // Behind the cursor: a window already seen moves earlier. Ahead of it: two move, one
          // later and one a day earlier, still ahead, and are seen once where they are now.
          const cursorDay = seen.at(-1)!.opensOn;
          const behind = waveOf(0, 1);
          expect(behind.opensOn < cursorDay).toBe(true);
          await reschedule(behind, day(-95), day(-72));
          const later = waveOf(0, 3);
          await reschedule(later, day(100), day(120));
          const earlier = waveOf(3, 2);
          await reschedule(earlier, day(-8), day(13));
          expect(earlier.opensOn > cursorDay).toBe(true);
          movedAhead.push(later, earlier);
          await casebook.projected(last);
        }
        path = page.body.next;
      }
      expect(pages).toBe(8);
      expect(new Set(seen.map(key)).size).toBe(seen.length);
      expect(seen.map(key).sort()).toEqual(waves.map(key).sort());
      for (const moved of movedAhead) expect(seen.find((e) => e.waveId === moved.waveId)).toMatchObject({ opensOn: moved.opensOn });
      // Every window but the one moved behind the cursor as the record now stands.
      const behindId = waveOf(0, 1).waveId;
      const expected = waves.filter((w) => w.waveId !== behindId).map(expectedEntry);
      expect(seen.filter((e) => e.waveId !== behindId)).toEqual(expect.arrayContaining(expected));

      const whole = await casebook.request('GET', `${calendarPath()}?state=${ALL_STATES}&limit=500`, undefined, viewer.headers);
      expect(whole.body.entries).toEqual([...waves].sort(byCalendarOrder).map(expectedEntry));
    });

    it('filters by state and by days, keeping the filters in the next link', async () => {
      const overdue = await casebook.request('GET', `${calendarPath()}?state=overdue`, undefined, viewer.headers);
      expect(overdue.status).toBe(200);
      const overdueWaves = waves.filter((w) => expectedEntry(w).state === 'overdue').sort(byCalendarOrder);
      expect(overdueWaves).toHaveLength(6);
      expect(overdue.body.entries).toEqual(overdueWaves.map(expectedEntry));

      const finished = await casebook.request('GET', `${calendarPath()}?state=completed&state=cancelled`, undefined, viewer.headers);
      expect((finished.body.entries as { state: string }[]).map((e) => e.state).sort()).toEqual(
        [...Array(6).fill('completed'), ...Array(2).fill('cancelled')].sort(),
      );

      // Windows that overlap the next three weeks: every wave 2, nothing else.
      const soon = await casebook.request('GET', `${calendarPath()}?from=${day(0)}&to=${day(20)}&limit=7`, undefined, viewer.headers);
      expect(soon.status).toBe(200);
      expect(soon.body.entries).toHaveLength(7);
      expect(soon.body.next).toContain(`from=${day(0)}`);
      expect(soon.body.next).toContain(`to=${day(20)}`);
      const rest = await casebook.request('GET', soon.body.next, undefined, viewer.headers);
      const listed = [...soon.body.entries, ...rest.body.entries] as Wave[];
      expect(rest.body.next).toBeUndefined();
      expect(listed.map((e) => e.waveNumber)).toEqual(Array(12).fill(2));
      expect(listed.every((e) => e.closesOn >= day(0) && e.opensOn <= day(20))).toBe(true);
    });

    it('refuses bad filters, naming each parameter and rule', async () => {
      const bad = await casebook.request(
        'GET',
        `${calendarPath()}?from=2026-02-30&state=late&limit=0&cursor=nope`,
        undefined,
        viewer.headers,
      );
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
        ['from', 'date'],
        ['state[0]', 'one-of'],
        ['limit', 'page-size'],
        ['cursor', 'cursor'],
      ]);
      const backwards = await casebook.request('GET', `${calendarPath()}?from=${day(10)}&to=${day(0)}`, undefined, viewer.headers);
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'to', rule: 'not-before-from' })]);
    });

    it('is read by members of the study and administrators; others get 403, an unknown study 404', async () => {
      expect((await casebook.request('GET', calendarPath(), undefined, researcher.headers)).status).toBe(200);
      expect((await casebook.request('GET', calendarPath())).status).toBe(200);
      const refused = await casebook.request('GET', calendarPath(), undefined, outsider.headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const unknown = await casebook.request('GET', calendarPath('6b1d9a7e-0000-4000-8000-000000000000'), undefined, viewer.headers);
      expect(unknown.status).toBe(404);
    });
  });

  describe('calendar feeds', () => {
    const feedsPath = (accountId: string) => `/api/v1/accounts/${accountId}/calendar-feeds`;
    const fetchFeed = async (url: string) => {
      const response = await fetch(`${casebook.baseUrl}${new URL(url, casebook.baseUrl).pathname}`);
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
    };
    const eventsOf = (text: string) => {
      const calendar = new ICAL.Component(ICAL.parse(text));
      return {
        name: calendar.getFirstPropertyValue('x-wr-calname'),
        events: calendar.getAllSubcomponents('vevent').map((vevent) => {
          const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
          const end = vevent.getFirstPropertyValue('dtend') as ICAL.Time;
          return {
            uid: String(vevent.getFirstPropertyValue('uid')),
            summary: String(vevent.getFirstPropertyValue('summary')),
            status: String(vevent.getFirstPropertyValue('status')),
            allDay: start.isDate && end.isDate,
            start: start.toString(),
            end: end.toString(),
          };
        }),
      };
    };
    const issueFeed = async (accountId: string, headers: Headers) => {
      const issued = await casebook.request('POST', feedsPath(accountId), undefined, headers);
      expect(issued.status).toBe(201);
      return issued.body as { id: string; accountId: string; feedId: string; url: string };
    };
    const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

    it('issues a feed whose address is shown once and stored only as a hash, and lists every wave window the account may see', async () => {
      const issued = await issueFeed(researcher.accountId, researcher.headers);
      expect(issued).toMatchObject({ id: researcher.accountId, accountId: researcher.accountId, feedId: expect.any(String) });
      const secret = /cbc_[0-9a-f]{32}_[0-9a-f]{32}_([A-Za-z0-9_-]{43})\.ics$/.exec(issued.url)?.[1];
      expect(secret).toBeDefined();
      const stream = await store.readStream(`account-${researcher.accountId}`);
      const stored = stream.find((event) => event.type === 'CalendarFeedIssued.v1');
      expect(stored?.data).toEqual({
        accountId: researcher.accountId,
        feedId: issued.feedId,
        secretHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        issuedAt: expect.any(String),
      });
      expect(JSON.stringify(stream.map((event) => [event.data, event.metadata]))).not.toContain(secret);

      const feed = await fetchFeed(issued.url);
      expect(feed.status).toBe(200);
      expect(feed.contentType).toBe('text/calendar; charset=utf-8');
      const { name, events } = eventsOf(feed.text);
      expect(name).toBe('Casebook interview waves');
      expect(feed.text).toContain('X-PUBLISHED-TTL:PT1H');
      const open = waves.filter((w) => w.status === 'scheduled' || w.status === 'in-progress');
      const confirmed = events.filter((e) => e.status === 'CONFIRMED');
      expect(confirmed).toHaveLength(open.length);
      expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
      for (const wave of open) {
        const event = confirmed.find((e) => e.uid.includes(wave.waveId));
        expect(event).toEqual({
          uid: expect.stringContaining(wave.caseId),
          summary: `${wave.mutualName}: interview wave ${wave.waveNumber}`,
          status: 'CONFIRMED',
          allDay: true,
          start: wave.opensOn,
          // DTEND of an all-day event is the day after the last.
          end: dayAfter(wave.closesOn),
        });
      }
      const cancelled = events.filter((e) => e.status === 'CANCELLED').map((e) => e.uid);
      expect(cancelled).toHaveLength(2);
      for (const wave of waves.filter((w) => w.status === 'cancelled'))
        expect(cancelled.filter((uid) => uid.includes(wave.waveId))).toHaveLength(1);
      // Finished waves leave the feed.
      for (const wave of waves.filter((w) => w.status === 'completed')) expect(feed.text).not.toContain(wave.waveId);
      // Nobody's name or address: no contact's, no staff member's.
      expect(feed.text).not.toContain(CONTACT.name);
      expect(feed.text).not.toContain(CONTACT.email);
      expect(feed.text).not.toContain('Test researcher');
      expect(feed.text).not.toMatch(/@example\.org/);
    });

    it('keeps each event’s UID when its wave is rescheduled, with the new dates', async () => {
      const issued = await issueFeed(viewer.accountId, viewer.headers);
      const wave = waveOf(4, 2);
      const before = eventsOf((await fetchFeed(issued.url)).text).events.find((e) => e.uid.includes(wave.waveId))!;
      expect(before.start).toBe(wave.opensOn);
      await reschedule(wave, day(-4), day(18));
      await casebook.projected(last);
      const after = eventsOf((await fetchFeed(issued.url)).text).events.filter((e) => e.uid.includes(wave.waveId));
      expect(after).toEqual([{ ...before, start: day(-4), end: day(19) }]);
    });

    it('follows study memberships and revocation from the account’s stream at each fetch, even with the projector stopped', async () => {
      const other = ok(
        await casebook.request('POST', '/api/v1/studies', { title: 'A second study', startsOn: '2025-01-06', endsOn: '2028-03-31' }),
        'study',
      ).body.id as string;
      const mutual = ok(await casebook.request('POST', '/api/v1/mutuals', { name: 'Second Study Mutual', serviceAreas: ['housing'] }), 'm');
      const enrolled = ok(await casebook.request('POST', `/api/v1/studies/${other}/cases`, { mutualId: mutual.body.id, selection }), 'e');
      const scheduled = ok(
        await casebook.request('POST', `/api/v1/cases/${enrolled.body.id}/waves`, { waveNumber: 1, opensOn: day(5), closesOn: day(25) }),
        'w',
      );
      await casebook.projected(scheduled);
      const member = await casebook.account('viewer', [studyId, other]);
      const admin = await casebook.account('admin');
      const memberFeed = await issueFeed(member.accountId, member.headers);
      const adminFeed = await issueFeed(admin.accountId, admin.headers);
      const uidsOf = async (url: string) => eventsOf((await fetchFeed(url)).text).events.map((e) => e.uid);
      expect(await uidsOf(memberFeed.url)).toContainEqual(expect.stringContaining(scheduled.body.id));
      expect(await uidsOf(memberFeed.url)).toHaveLength(waves.filter((w) => w.status !== 'completed').length + 1);

      await casebook.stopProjector();
      try {
        ok(await casebook.request('DELETE', `/api/v1/accounts/${member.accountId}/studies/${other}`), 'revoke membership');
        const afterRevocation = await uidsOf(memberFeed.url);
        expect(afterRevocation).not.toContainEqual(expect.stringContaining(scheduled.body.id));
        expect(afterRevocation).toHaveLength(waves.filter((w) => w.status !== 'completed').length);
        // An administrator's feed lists every study's waves.
        expect(await uidsOf(adminFeed.url)).toContainEqual(expect.stringContaining(scheduled.body.id));

        const revoked = await casebook.request('DELETE', `${feedsPath(member.accountId)}/${memberFeed.feedId}`, undefined, member.headers);
        expect(revoked.status).toBe(200);
        const gone = await fetchFeed(memberFeed.url);
        expect(gone.status).toBe(404);
        expect(gone.contentType).toContain('application/problem+json');
        expect(gone.text).not.toContain(memberFeed.feedId);
      } finally {
        await casebook.startProjector();
      }
      const again = await casebook.request('DELETE', `${feedsPath(member.accountId)}/${memberFeed.feedId}`, undefined, member.headers);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ rule: 'calendar-feed-revoked' });
      const unknown = await casebook.request(
        'DELETE',
        `${feedsPath(member.accountId)}/6b1d9a7e-0000-4000-8000-000000000000`,
        undefined,
        member.headers,
      );
      expect(unknown.status).toBe(404);

      const listed = await casebook.request('GET', feedsPath(member.accountId), undefined, member.headers);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([{ id: memberFeed.feedId, issuedAt: expect.any(String), revoked: true, revokedAt: expect.any(String) }]);
      expect(JSON.stringify(listed.body)).not.toContain('cbc_');
      // Feeds are the account's own: another account may neither list, issue nor revoke them; an administrator may.
      expect((await casebook.request('GET', feedsPath(member.accountId), undefined, viewer.headers)).status).toBe(403);
      expect((await casebook.request('POST', feedsPath(member.accountId), undefined, viewer.headers)).status).toBe(403);
      expect(
        (await casebook.request('DELETE', `${feedsPath(admin.accountId)}/${adminFeed.feedId}`, undefined, member.headers)).status,
      ).toBe(403);
      expect((await casebook.request('GET', feedsPath(member.accountId))).status).toBe(200);
    });

    it('answers 404 for the feed of a deactivated or erased account, which cannot issue another', async () => {
      const leaver = await casebook.account('viewer', [studyId]);
      const feed = await issueFeed(leaver.accountId, leaver.headers);
      expect((await fetchFeed(feed.url)).status).toBe(200);
      ok(await casebook.request('POST', `/api/v1/accounts/${leaver.accountId}/deactivate`, { reason: 'Left the project' }), 'deactivate');
      const refused = await fetchFeed(feed.url);
      expect(refused.status).toBe(404);
      expect(refused.contentType).toContain('application/problem+json');
      const issued = await casebook.request('POST', feedsPath(leaver.accountId));
      expect(issued.status).toBe(409);
      expect(issued.body).toMatchObject({ rule: 'deactivated' });
      // Erased, it stays deactivated: the feed stays gone.
      ok(await casebook.request('DELETE', `/api/v1/accounts/${leaver.accountId}/personal-data`), 'erase');
      expect((await fetchFeed(feed.url)).status).toBe(404);
    });

    it('answers a forged address 404, as it answers an unknown one', async () => {
      const feed = await issueFeed(researcher.accountId, researcher.headers);
      const [, accountHex, feedHex, secret] = /cbc_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})\.ics$/.exec(feed.url)!;
      const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      const otherAccount = viewer.accountId.replace(/-/g, '');
      const forged = [
        `cbc_${accountHex}_${feedHex}_${flipped}`,
        `cbc_${otherAccount}_${feedHex}_${secret}`,
        `cbc_${accountHex}_${'0'.repeat(32)}_${secret}`,
        // An access token is no feed's address.
        researcher.headers.authorization.replace('Bearer ', ''),
      ];
      const answers = await Promise.all(forged.map((token) => fetchFeed(`/calendar/${token}.ics`)));
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
      expect(new Set(answers.map((a) => JSON.parse(a.text).detail)).size).toBe(1);
      expect((await fetchFeed(feed.url)).status).toBe(200);
    });

    it('answers hostile addresses with a 4xx problem and nothing else', async () => {
      const hostile = [
        '%00',
        `cbc_${'a'.repeat(32)}%00`,
        '%E2%80%AE',
        '%ED%A0%80',
        '%FF',
        'x'.repeat(10_000),
        '..%2F..%2Fhealth',
        '%20',
        '%25',
      ];
      for (const token of hostile) {
        const response = await fetch(`${casebook.baseUrl}/calendar/${token}.ics`);
        const text = await response.text();
        expect([token.slice(0, 20), response.status >= 400 && response.status < 500]).toEqual([token.slice(0, 20), true]);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(() => JSON.parse(text)).not.toThrow();
      }
    });

    it('counts failed fetches like failed sign-ins: past the limit even the right address is answered 429 for a while', async () => {
      const guessed = await casebook.account('viewer', [studyId]);
      const feed = await issueFeed(guessed.accountId, guessed.headers);
      const [, accountHex, feedHex] = /cbc_([0-9a-f]{32})_([0-9a-f]{32})_/.exec(feed.url)!;
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 12; attempt++) {
        statuses.push((await fetchFeed(`/calendar/cbc_${accountHex}_${feedHex}_${String(attempt).padStart(43, 'g')}.ics`)).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
      expect(statuses.slice(10)).toEqual([429, 429]);
      const blocked = await fetch(`${casebook.baseUrl}${new URL(feed.url).pathname}`);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.headers.get('content-type')).toContain('application/problem+json');
      // Bearer sign-ins are counted apart: the account still signs in.
      expect((await casebook.request('GET', calendarPath(), undefined, guessed.headers)).status).toBe(200);
    });
  });
});
