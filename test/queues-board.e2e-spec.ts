import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { REMINDER_QUEUE } from '@casebook/reminders';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { type OwnRedis, startOwnRedis } from './support/redis-server.js';
import { redisUrl } from './support/test-database.js';
import { waitUntil } from './support/wait-for.js';

const DAY_MS = 86_400_000;
const BOARD = '/admin/queues';

describe('the queue board at /admin/queues', () => {
  let casebook: Harness;
  let queue: Queue;

  beforeAll(async () => {
    const prefix = `test-${randomUUID()}`;
    casebook = await startCasebook({ config: { reminderQueuePrefix: prefix } });
    queue = new Queue(REMINDER_QUEUE, { connection: { url: redisUrl() }, prefix });
    await queue.add('reminder', { note: 'due later' }, { jobId: 'reminder_board_later', delay: 30 * DAY_MS });
    await queue.add('reminder', { note: 'due now' }, { jobId: 'reminder_board_now' });
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await casebook?.close();
  });

  it('shows an administrator the reminder queue and its jobs, read-only', async () => {
    const page = await casebook.request('GET', BOARD);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('Casebook queues');

    const queues = await casebook.request('GET', `${BOARD}/api/queues`);
    expect(queues.status).toBe(200);
    const [reminders] = queues.body.queues;
    expect(queues.body.queues).toHaveLength(1);
    expect(reminders).toMatchObject({
      name: REMINDER_QUEUE,
      readOnlyMode: true,
      counts: expect.objectContaining({ delayed: 1, waiting: 1 }),
    });

    const delayed = await casebook.request('GET', `${BOARD}/api/queues?activeQueue=${REMINDER_QUEUE}&status=delayed&page=1`);
    expect(delayed.status).toBe(200);
    expect(delayed.body.queues[0].jobs.map((job: { id: string }) => job.id)).toEqual(['reminder_board_later']);

    // What became of a reminder is on the record: the board may not retry, promote or remove it.
    const promote = await casebook.request('PUT', `${BOARD}/api/queues/${REMINDER_QUEUE}/reminder_board_later/promote`);
    expect(promote.status).toBeGreaterThanOrEqual(400);
    expect(await (await queue.getJob('reminder_board_later'))?.getState()).toBe('delayed');
  });

  it('opens in a browser, which sends the token as the password of HTTP Basic authentication', async () => {
    const anonymous = await casebook.request('GET', BOARD, undefined, { authorization: '', accept: 'text/html' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);

    const basic = { authorization: `Basic ${Buffer.from(`admin:${casebook.config.adminToken}`).toString('base64')}` };
    const page = await casebook.request('GET', BOARD, undefined, basic);
    expect(page.status).toBe(200);
    // What the page loads and asks for, with the credentials the browser keeps sending.
    const scripts = [...(page.body as string).matchAll(/<script defer src="([^"]+)"/g)].map(([, src]) => src);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect((await casebook.request('GET', `${BOARD}/${src}`, undefined, basic)).status).toBe(200);
    const queues = await casebook.request('GET', `${BOARD}/api/queues`, undefined, basic);
    expect(queues.status).toBe(200);
    expect(queues.body.queues).toEqual([expect.objectContaining({ name: REMINDER_QUEUE })]);

    const researcher = await casebook.account('researcher');
    const asResearcher = { authorization: `Basic ${Buffer.from(`me:${researcher.token}`).toString('base64')}` };
    expect((await casebook.request('GET', `${BOARD}/api/queues`, undefined, asResearcher)).status).toBe(403);
    const wrong = { authorization: `Basic ${Buffer.from('admin:not-a-token').toString('base64')}` };
    expect((await casebook.request('GET', `${BOARD}/api/queues`, undefined, wrong)).status).toBe(401);
  });

  it('refuses researchers, viewers, a wrong token and no token, with problem+json', async () => {
    const researcher = await casebook.account('researcher');
    const viewer = await casebook.account('viewer');
    for (const path of [BOARD, `${BOARD}/api/queues`, `${BOARD}/static/css/nothing.css`]) {
      for (const [headers, status] of [
        [researcher.headers, 403],
        [viewer.headers, 403],
        [{ authorization: `Bearer cbk_${'0'.repeat(32)}_${'A'.repeat(43)}` }, 401],
        [{ authorization: '' }, 401],
      ] as const) {
        const answer = await casebook.request('GET', path, undefined, headers);
        expect({ path, auth: headers.authorization.slice(0, 12), status: answer.status }).toEqual({
          path,
          auth: headers.authorization.slice(0, 12),
          status,
        });
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status });
        expect(JSON.stringify(answer.body)).not.toContain('reminder_board');
      }
    }
  });
});

describe('the API without Redis', () => {
  let redis: OwnRedis;
  let casebook: Harness;

  beforeAll(async () => {
    redis = await startOwnRedis();
    await redis.stop();
    casebook = await startCasebook({ config: { redisUrl: redis.url } });
  });
  afterAll(async () => {
    await casebook?.close();
    await redis?.close();
  });

  it('starts and serves everything else; the board answers 503 until Redis is back', async () => {
    expect((await casebook.request('GET', '/health/ready')).status).toBe(200);
    // Its full report too: Redis is the reminders app's to report.
    const health = await casebook.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.info)).not.toContain('redis');
    const study = await casebook.request('POST', '/api/v1/studies', {
      title: 'Without Redis',
      startsOn: '2025-01-06',
      endsOn: '2027-03-31',
    });
    expect(study.status).toBe(201);
    await casebook.projected(study);
    expect((await casebook.request('GET', `/api/v1/studies/${study.body.id}`)).status).toBe(200);

    // The page itself needs no Redis; what it asks the board for does.
    expect((await casebook.request('GET', BOARD)).status).toBe(200);
    const started = Date.now();
    const away = await casebook.request('GET', `${BOARD}/api/queues`);
    expect(away.status).toBe(503);
    expect(away.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(away.headers.get('retry-after')).toBeTruthy();
    expect(away.body).toMatchObject({ status: 503, detail: expect.stringContaining('Redis') });
    // Fails fast rather than hanging the request.
    expect(Date.now() - started).toBeLessThan(5000);
    // Refusals come before Redis is asked: a viewer learns nothing about the outage.
    const viewer = await casebook.account('viewer');
    expect((await casebook.request('GET', `${BOARD}/api/queues`, undefined, viewer.headers)).status).toBe(403);

    await redis.start();
    const back = await waitUntil(
      async () => {
        const answer = await casebook.request('GET', `${BOARD}/api/queues`);
        return answer.status === 200 && answer;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'the board to answer once Redis is back' },
    );
    expect(back.body.queues).toEqual([expect.objectContaining({ name: REMINDER_QUEUE })]);
  });
});

describe('the API told of no Redis at all', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook({ config: { redisUrl: '' } });
  });
  afterAll(() => casebook?.close());

  it('serves the record, and the board says REDIS_URL is not set', async () => {
    expect((await casebook.request('GET', '/health')).status).toBe(200);
    const study = await casebook.request('POST', '/api/v1/studies', { title: 'No Redis', startsOn: '2025-01-06', endsOn: '2027-03-31' });
    expect(study.status).toBe(201);
    const board = await casebook.request('GET', `${BOARD}/api/queues`);
    expect(board.status).toBe(503);
    expect(board.body).toMatchObject({ status: 503, detail: expect.stringContaining('REDIS_URL is not set') });
  });
});
