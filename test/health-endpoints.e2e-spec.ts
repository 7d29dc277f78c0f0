// Liveness and readiness as a load balancer or an orchestrator sees them: a lagging projector
// shows in the full report (/health) but leaves the API ready to serve; a database the API
// cannot reach makes it unready while it stays alive.
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { allowConnections, refuseConnections } from './support/database-outage.js';
import { waitUntil } from './support/wait-for.js';

describe('health endpoints', () => {
  let casebook: Harness;

  beforeAll(async () => {
    // With no lag allowed, one unprojected event is enough for /health to say so.
    casebook = await startCasebook({ config: { projectionLagMaxEvents: 0 } });
  });
  afterAll(async () => {
    if (casebook) await allowConnections(casebook.database.url);
    await casebook?.close();
  });

  const probe = (path: string) => casebook.request('GET', path, undefined, { authorization: '' });

  it('answers live and ready without a token while everything is up', async () => {
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await probe('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { database: { status: 'up' }, eventStore: { status: 'up' } } },
    });
  });

  it('stays ready with the projector stopped, while /health reports the projection behind', async () => {
    await casebook.stopProjector();
    const write = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Brookside Care Cooperative',
      serviceAreas: ['health-and-social-care'],
    });
    expect(write.status).toBe(201);

    const full = await probe('/health');
    expect(full.status).toBe(503);
    expect(full.body.error.projection).toMatchObject({ status: 'down', eventsBehind: 'more than 0' });
    const ready = await probe('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).not.toHaveProperty('projection');
    expect((await probe('/health/live')).status).toBe(200);

    await casebook.startProjector();
    await casebook.projected(write);
    expect((await probe('/health')).status).toBe(200);
  });

  it('turns unready, naming the database, when the database refuses connections, and ready again when it is back', async () => {
    await refuseConnections(casebook.database.url);
    const unready = await waitUntil(
      async () => {
        const response = await probe('/health/ready');
        return response.status === 503 ? response : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: '/health/ready to report the database down' },
    );
    expect(unready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    expect((await probe('/health/live')).status).toBe(200);

    await allowConnections(casebook.database.url);
    await waitUntil(async () => (await probe('/health/ready')).status === 200, {
      timeoutMs: 15_000,
      intervalMs: 200,
      what: '/health/ready to recover',
    });
  });
});
