// /health as an operator relies on it: a projector that has stopped, or that keeps failing on
// one event, is reported down (with the failing event's position, type and error) even while
// the backlog is far below the lag limit; once it is running and caught up it is reported up.
import { randomUUID } from 'node:crypto';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { waitUntil } from './support/wait-for.js';

describe('projector health', () => {
  let casebook: Harness;
  let store: EventStore;

  beforeAll(async () => {
    casebook = await startCasebook({ config: { projectionStallSeconds: 1 } });
    store = await connectEventStore(casebook.config);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  const health = () => casebook.request('GET', '/health');
  const register = (name: string) => casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['housing'] });

  it('reports a stopped projector down once events have waited past the stall limit, and up again when it catches up', async () => {
    const first = await register('Greenway Housing Partnership');
    await casebook.projected(first);
    expect((await health()).status).toBe(200);

    await casebook.stopProjector();
    const waiting = await register('Loughside Homes');
    expect(waiting.status).toBe(201);
    const down = await waitUntil(
      async () => {
        const response = await health();
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: '/health to report the stall' },
    );
    expect(down.body.error.projection).toMatchObject({ status: 'down', eventsBehind: 1, stalledForSeconds: expect.any(Number) });
    expect(down.body.error.projection.stalledForSeconds).toBeGreaterThanOrEqual(1);

    await casebook.startProjector();
    await casebook.projected(waiting);
    const up = await waitUntil(
      async () => {
        const response = await health();
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: '/health to recover' },
    );
    expect(up.body.info.projection).toMatchObject({ status: 'up', eventsBehind: 0 });
  });

  it('reports the event a projection keeps failing on: its position, type, stream and error', async () => {
    // An event no projection can write (its id is not a UUID), as a faulty earlier release could
    // have stored; the API's own input checks would refuse it.
    const stream = `mutual-poison-${randomUUID().slice(0, 8)}`;
    const poison = await store.appendToStream(stream, [
      {
        id: randomUUID(),
        type: 'MutualRegistered.v1',
        data: { mutualId: 'not-a-uuid', name: 'Poison Trust', serviceAreas: ['other'], registeredAt: new Date().toISOString() },
      },
    ]);
    const after = await register('Written after the poison');
    expect(after.status).toBe(201);
    const down = await waitUntil(
      async () => {
        const response = await health();
        return response.status === 503 && response.body.error.projection?.failure ? response : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: '/health to report the failing event' },
    );
    expect(down.body.error.projection.failure).toMatchObject({
      position: `${poison.position.commit}/${poison.position.prepare}`,
      eventType: 'MutualRegistered.v1',
      stream,
      error: expect.stringContaining('uuid'),
    });
  });
});
