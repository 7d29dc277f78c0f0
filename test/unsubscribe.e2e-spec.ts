import { type EventStore, connectEventStore } from '@casebook/event-store';
import { UNSUBSCRIBE_LINK_DAYS, signUnsubscribeToken } from '@casebook/reminders';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';
import { waitForProjection } from './support/wait-for.js';

const DAY_MS = 86_400_000;
const ONE_CLICK = 'List-Unsubscribe=One-Click';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
/** The unsubscribe routes ask for no bearer token: the harness sends none. */
const NO_TOKEN = { authorization: '' };

describe('the unsubscribe link of a reminder email', () => {
  let casebook: Harness;
  let store: EventStore;
  let secret: string;

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    secret = casebook.config.unsubscribe!.secret;
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  async function contactOfACase(name: string, mutualName = `Mutual of ${name.split(' ')[0]}`) {
    const { caseId } = await enrolledCase(casebook, mutualName);
    const added = await addContact(casebook, caseId, name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`);
    await casebook.projected(added);
    return { caseId, contactId: added.body.id as string };
  }

  const linkFor = (ids: { caseId: string; contactId: string }, expiresAt = Date.now() + UNSUBSCRIBE_LINK_DAYS * DAY_MS, key = secret) =>
    `/unsubscribe/${signUnsubscribeToken({ ...ids, expiresAt }, key)}`;
  const eventsOf = async (caseId: string) => (await store.readStream(`case-${caseId}`)).map((e) => ({ type: e.type, data: e.data }));
  const open = (path: string) => casebook.request('GET', path, undefined, { ...NO_TOKEN, ...BROWSER });
  const confirm = (path: string, headers: Record<string, string> = BROWSER) =>
    casebook.request('POST', path, ONE_CLICK, { ...NO_TOKEN, ...FORM, ...headers });

  it('asks first, changing nothing, then opts the contact out once through the page', async () => {
    const contact = await contactOfACase('Morgan Ellis', 'Harbourside Care <Partners>');
    const link = linkFor(contact);
    const before = await eventsOf(contact.caseId);

    // Mail scanners open every link: opening the page twice records nothing.
    for (let i = 0; i < 2; i++) {
      const page = await open(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.body).toContain('<form method="post">');
      expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
      // The study is named (escaped: a researcher typed its title); the person is not, since
      // whoever holds the link may not be the person it was sent to.
      expect(page.body).toContain('Study of Harbourside Care &lt;Partners&gt;');
      expect(page.body).not.toMatch(/Morgan|Ellis|@example\.org/);
    }
    expect(await eventsOf(contact.caseId)).toEqual(before);

    const done = await confirm(link);
    expect(done.status).toBe(200);
    expect(done.headers.get('content-type')).toMatch(/^text\/html/);
    expect(done.body).toContain('You are unsubscribed');
    const after = await store.readStream(`case-${contact.caseId}`);
    expect(after).toHaveLength(before.length + 1);
    const optedOut = after.at(-1)!;
    expect(optedOut.type).toMatch(/^ContactOptedOut\b/);
    expect(optedOut.data).toMatchObject({ caseId: contact.caseId, contactId: contact.contactId });
    expect(optedOut.metadata).toMatchObject({ recordedBy: 'contact:unsubscribe-link' });

    // The link has done its work: used again, it says so and records nothing new.
    const again = await confirm(link);
    expect(again.status).toBe(410);
    expect(again.body).toContain('No more reminders go to this address');
    const reopened = await open(link);
    expect(reopened.status).toBe(410);
    expect(reopened.body).toContain('There is nothing more to do');
    expect(reopened.body).not.toContain('<form');
    expect(await store.readStream(`case-${contact.caseId}`)).toHaveLength(after.length);

    await waitForProjection(casebook.database.url, optedOut.position);
    const listed = await casebook.request('GET', `/api/v1/cases/${contact.caseId}/contacts`);
    expect(listed.body).toEqual([expect.objectContaining({ contactId: contact.contactId, optedOut: true })]);
  });

  it("takes a mail client's one-click unsubscribe (RFC 8058) and answers a repeat as already done", async () => {
    const contact = await contactOfACase('Sam Achebe');
    const link = linkFor(contact);
    const oneClick = await casebook.request('POST', link, ONE_CLICK, { ...NO_TOKEN, ...FORM });
    expect(oneClick.status).toBe(200);
    expect((await eventsOf(contact.caseId)).filter((e) => e.type.startsWith('ContactOptedOut'))).toHaveLength(1);

    const repeat = await casebook.request('POST', link, ONE_CLICK, { ...NO_TOKEN, ...FORM });
    expect(repeat.status).toBe(410);
    expect(repeat.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(repeat.body).toMatchObject({ status: 410, rule: 'already-opted-out' });
    expect((await eventsOf(contact.caseId)).filter((e) => e.type.startsWith('ContactOptedOut'))).toHaveLength(1);
  });

  it('rejects a forged, a tampered, an expired and a cut-short token, recording nothing', async () => {
    const contact = await contactOfACase('Robin Taylor');
    const other = await contactOfACase('Alex Murphy');
    const before = await eventsOf(contact.caseId);
    const beforeOther = await eventsOf(other.caseId);

    const forged = linkFor(contact, undefined, `not-the-server-secret-${'x'.repeat(32)}`);
    // A genuine token for one contact with its payload swapped for another's keeps a signature
    // that no longer matches.
    const [, otherPayload] = /^\/unsubscribe\/([^.]+)\./.exec(linkFor(other))!;
    const tampered = linkFor(contact).replace(/^\/unsubscribe\/[^.]+/, `/unsubscribe/${otherPayload}`);
    const expired = linkFor(contact, Date.now() - DAY_MS);
    const cutShort = linkFor(contact).slice(0, -10);

    for (const [link, status, check] of [
      [forged, 400, { errors: [expect.objectContaining({ field: 'token', rule: 'signature' })] }],
      [tampered, 400, { errors: [expect.objectContaining({ field: 'token', rule: 'signature' })] }],
      [cutShort, 400, { errors: [expect.objectContaining({ field: 'token', rule: 'format' })] }],
      [expired, 410, { rule: 'expired' }],
    ] as const) {
      for (const method of ['GET', 'POST']) {
        const answer = await casebook.request(method, link, method === 'POST' ? ONE_CLICK : undefined, {
          ...NO_TOKEN,
          ...(method === 'POST' ? FORM : {}),
        });
        expect({ link, method, status: answer.status }).toEqual({ link, method, status });
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject(check);
      }
      // A person's browser gets a page saying nothing was changed, with the same status.
      const page = await confirm(link);
      expect(page.status).toBe(status);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.body).toContain('nothing was changed');
      expect(page.body).not.toContain('<form');
    }
    expect(await eventsOf(contact.caseId)).toEqual(before);
    expect(await eventsOf(other.caseId)).toEqual(beforeOther);

    // The genuine link still works after all of that.
    expect((await confirm(linkFor(contact))).status).toBe(200);
  });

  it('answers hostile tokens with a 4xx and hostile bodies without a 5xx, recording no more than the link stands for', async () => {
    const contact = await contactOfACase('Robin Hale');
    const link = linkFor(contact);
    const before = await eventsOf(contact.caseId);
    const payload = link.slice('/unsubscribe/'.length).split('.')[0];
    const hostile = [
      '\u0000',
      `${payload}\u0000.abc`,
      '\u202e\u2066evil\u2069',
      '.'.repeat(500),
      'a'.repeat(4_000),
      `${payload}.${'A'.repeat(10_000)}`,
      '%00%ff%fe',
      '..%2f..%2fetc%2fpasswd',
    ];
    // A lone surrogate cannot be percent-encoded as UTF-8; what a client can send is its bytes.
    const paths = [
      ...hostile.map((token) => `/unsubscribe/${encodeURIComponent(token)}`),
      '/unsubscribe/%ED%A0%80',
      `/unsubscribe/${payload}.%ED%BF%BF`,
    ];
    for (const path of paths) {
      for (const answer of [await open(path), await confirm(path), await confirm(path, {})]) {
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      // Not a browser: the refusal is problem+json.
      expect((await confirm(path, {})).headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // A genuine link with a hostile or oversized body changes nothing either.
    const bodies = ['List-Unsubscribe=One-Click\u0000', `x=${'\u202e'.repeat(2_000)}`, 'a='.repeat(10_000)];
    for (const body of bodies) {
      const answer = await casebook.request('POST', link, body, { ...NO_TOKEN, ...FORM });
      expect(answer.status).toBeLessThan(500);
    }
    const json = await casebook.request('POST', link, '['.repeat(5_000) + ']'.repeat(5_000), {
      ...NO_TOKEN,
      'content-type': 'application/json',
    });
    expect(json.status).toBeLessThan(500);
    // Whatever those bodies said, at most the one opt-out the link stands for was recorded.
    const after = (await eventsOf(contact.caseId)).slice(before.length);
    expect(after.every((event) => event.type === 'ContactOptedOut.v1')).toBe(true);
    expect(after.length).toBeLessThanOrEqual(1);
  });

  it('refuses a form body on every other route', async () => {
    const refused = await casebook.request('POST', '/api/v1/studies', 'title=Nope', FORM);
    expect(refused.status).toBe(415);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
