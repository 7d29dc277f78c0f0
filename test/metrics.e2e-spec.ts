// /metrics as a Prometheus scraper with an administrator's token reads it: requests counted and
// timed by route template (ids make no series of their own) and status, and each projection's
// lag and failure; nobody else may read it.
import { randomUUID } from 'node:crypto';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '@casebook/read-models';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { sampleOf } from './support/prometheus-text.js';
import { waitUntil } from './support/wait-for.js';

describe('metrics', () => {
  let casebook: Harness;
  let store: EventStore;

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  const metrics = async () => {
    const response = await fetch(`${casebook.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${casebook.config.adminToken ?? 'none'}` },
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('counts and times requests by route template and status', async () => {
    const registered = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Seaview Leisure Trust',
      serviceAreas: ['sports-and-leisure'],
    });
    await casebook.projected(registered);
    for (let i = 0; i < 3; i++) expect((await casebook.request('GET', `/api/v1/mutuals/${registered.body.id}`)).status).toBe(200);
    expect((await casebook.request('GET', `/api/v1/mutuals/${randomUUID()}`)).status).toBe(404);

    const scraped = await metrics();
    expect(scraped.status).toBe(200);
    expect(scraped.type).toMatch(/^text\/plain/);
    const route = '/api/v1/mutuals/:mutualId';
    expect(sampleOf(scraped.text, 'casebook_http_requests_total', { method: 'GET', route, status: '200' })).toBe(3);
    expect(sampleOf(scraped.text, 'casebook_http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(sampleOf(scraped.text, 'casebook_http_requests_total', { method: 'POST', route: '/api/v1/mutuals', status: '201' })).toBe(1);
    expect(sampleOf(scraped.text, 'casebook_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(3);
    expect(scraped.text).not.toContain(registered.body.id);
    // And Node's own process metrics.
    expect(scraped.text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it("shows each projection's lag, and the projection that keeps failing on an event", async () => {
    const caughtUp = await metrics();
    for (const { name } of READ_MODEL_PROJECTIONS) {
      expect(sampleOf(caughtUp.text, 'casebook_projection_events_behind', { projection: name })).toBe(0);
      expect(sampleOf(caughtUp.text, 'casebook_projection_failing', { projection: name })).toBe(0);
    }

    // An event the mutual summary cannot store (its id is not a UUID), as a faulty release could have written.
    await store.appendToStream(`mutual-poison-${randomUUID().slice(0, 8)}`, [
      {
        id: randomUUID(),
        type: 'MutualRegistered.v1',
        data: { mutualId: 'not-a-uuid', name: 'Poison Trust', serviceAreas: ['other'], registeredAt: new Date().toISOString() },
      },
    ]);
    const failing = await waitUntil(
      async () => {
        const scraped = await metrics();
        return sampleOf(scraped.text, 'casebook_projection_failing', { projection: 'mutual-summary' }) === 1 ? scraped : undefined;
      },
      { what: 'the failing projection to show in /metrics' },
    );
    expect(sampleOf(failing.text, 'casebook_projection_events_behind', { projection: 'mutual-summary' })).toBe(1);
    expect(sampleOf(failing.text, 'casebook_projection_seconds_behind', { projection: 'mutual-summary' })).toBeGreaterThan(0);
    expect(sampleOf(failing.text, 'casebook_projection_failing', { projection: 'contacts' })).toBe(0);
  });

  it('answers administrators only', async () => {
    const researcher = await casebook.account('researcher');
    expect((await fetch(`${casebook.baseUrl}/metrics`, { headers: researcher.headers })).status).toBe(403);
    expect((await fetch(`${casebook.baseUrl}/metrics`)).status).toBe(401);
  });
});
