// The health listener of the projector and the reminders worker, on a loopback port of its own.
import { type HealthListener, startHealthListener } from './health-listener.js';

describe('health listener', () => {
  let listener: HealthListener | undefined;
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
  });
  const get = async (path: string, method = 'GET') => {
    const response = await fetch(`http://127.0.0.1:${listener!.port}${path}`, { method });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
  };

  it('answers live whatever the checks say, and ready only when every check passes', async () => {
    let databaseUp = true;
    listener = await startHealthListener({
      port: 0,
      host: '127.0.0.1',
      checks: {
        database: () => (databaseUp ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))),
        subscription: () => Promise.resolve({ checkpoint: '12/12' }),
      },
    });
    expect(listener.port).toBeGreaterThan(0);
    expect(await get('/health/ready')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: {
        status: 'ok',
        info: { database: { status: 'up' }, subscription: { status: 'up', checkpoint: '12/12' } },
        error: {},
        details: { database: { status: 'up' }, subscription: { status: 'up', checkpoint: '12/12' } },
      },
    });

    databaseUp = false;
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      info: { subscription: { status: 'up' } },
      error: { database: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' } },
    });
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('reports a check that does not answer in time as down, without waiting for it', async () => {
    listener = await startHealthListener({
      port: 0,
      host: '127.0.0.1',
      timeoutMs: 100,
      checks: { redis: () => new Promise(() => undefined) },
    });
    const started = Date.now();
    const down = await get('/health/ready');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(down).toMatchObject({ status: 503, body: { error: { redis: { status: 'down', message: 'no answer within 100 ms' } } } });
  });

  it('is not ready once the app has begun to shut down', async () => {
    listener = await startHealthListener({ port: 0, host: '127.0.0.1', checks: { database: () => Promise.resolve() } });
    listener.drain();
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { error: { shutdown: { status: 'down' } } } });
    expect((await get('/health/live')).status).toBe(200);
  });

  it('answers other paths 404 and other methods 405 as problem+json', async () => {
    listener = await startHealthListener({ port: 0, host: '127.0.0.1', checks: {} });
    expect(await get('/health')).toMatchObject({
      status: 404,
      type: 'application/problem+json',
      body: { status: 404, title: 'Not found' },
    });
    expect(await get('/health/ready', 'POST')).toMatchObject({ status: 405, type: 'application/problem+json', body: { status: 405 } });
    expect(await get('/health/ready', 'HEAD')).toMatchObject({ status: 200, body: undefined });
  });

  it('fails to start, naming HEALTH_PORT, when the port is taken', async () => {
    listener = await startHealthListener({ port: 0, host: '127.0.0.1', checks: {} });
    await expect(startHealthListener({ port: listener.port, host: '127.0.0.1', checks: {} })).rejects.toThrow(
      `HEALTH_PORT ${listener.port} on 127.0.0.1 cannot be listened on: EADDRINUSE`,
    );
  });
});
