// A crash between the append and the stored answer leaves the Idempotency-Key's claim "in
// progress". Once that claim is stale the retry runs again, finds its own events already in the
// stream, and answers as the first request would have: same id, version and position, nothing
// recorded twice.
import { Client } from 'pg';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('a retry after a crash', () => {
  let casebook: Harness;
  let store: EventStore;
  let database: Client;

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    database = new Client({ connectionString: casebook.database.url });
    await database.connect();
  });
  afterAll(async () => {
    await database?.end();
    await store?.close();
    await casebook?.close();
  });

  /** What a process killed after appending, before storing its answer, leaves behind. */
  async function crashedBeforeAnswering(key: string) {
    const { rowCount } = await database.query(
      `UPDATE api.idempotency_keys SET state = 'in-progress', status = NULL, body = NULL, headers = NULL,
              updated_at = now() - interval '10 minutes' WHERE key = $1`,
      [key],
    );
    expect(rowCount).toBe(1);
  }

  interface Write {
    what: string;
    method: string;
    path: (mutualId: string) => string;
    body: object;
    status: number;
    ifMatch?: string;
  }
  const writes: Write[] = [
    {
      what: 'a milestone',
      method: 'POST',
      path: (id) => `/api/v1/mutuals/${id}/milestones`,
      body: { type: 'spun-out', occurredOn: '2011-04', parentBody: 'Riverside PCT' },
      status: 201,
    },
    {
      what: 'a correction with If-Match',
      method: 'PATCH',
      path: (id) => `/api/v1/mutuals/${id}`,
      body: { name: 'Riverside Community Health CIC', reason: 'As registered' },
      status: 200,
      ifMatch: '"1"',
    },
  ];

  it.each(writes)('gets the first answer for $what', async ({ method, path: pathOf, body, status, ifMatch }) => {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Riverside Community Health',
      serviceAreas: ['health-and-social-care'],
    });
    const path = pathOf(mutual.body.id);
    const key = `crash-${mutual.body.id}`;
    const headers = { 'idempotency-key': key, ...(ifMatch ? { 'if-match': ifMatch } : {}) };
    const first = await casebook.request(method, path, body, headers);
    expect(first.status).toBe(status);
    const before = await store.readStream(`mutual-${mutual.body.id}`);

    await crashedBeforeAnswering(key);
    const retry = await casebook.request(method, path, body, headers);
    expect([retry.status, retry.body]).toEqual([status, first.body]);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await store.readStream(`mutual-${mutual.body.id}`)).toHaveLength(before.length);

    // And the answer is stored now: a further retry is a plain replay.
    const again = await casebook.request(method, path, body, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('issues a token once, and a retry that finds it issued cannot show its secret again', async () => {
    const account = await casebook.request('POST', '/api/v1/accounts', { displayName: 'Dr Ana Silva', role: 'researcher' });
    expect(account.status).toBe(201);
    const path = `/api/v1/accounts/${account.body.accountId}/tokens`;
    const headers = { 'idempotency-key': `crash-token-${account.body.accountId}` };
    const first = await casebook.request('POST', path, { label: 'laptop' }, headers);
    expect(first.status).toBe(201);
    expect(typeof first.body.token).toBe('string');

    await crashedBeforeAnswering(headers['idempotency-key']);
    const retry = await casebook.request('POST', path, { label: 'laptop' }, headers);
    // The same write, found in the stream: its secret was shown once and is kept nowhere.
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ ...first.body, token: null });
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    const tokens = await casebook.request('GET', `/api/v1/accounts/${account.body.accountId}`);
    expect(tokens.body.tokenIds).toHaveLength(2);
    // The token first shown is the one that signs in.
    const signedIn = await casebook.request('GET', '/api/v1/studies', undefined, { authorization: `Bearer ${first.body.token}` });
    expect(signedIn.status).toBe(200);
  });
});
