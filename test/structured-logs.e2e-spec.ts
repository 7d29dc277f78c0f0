// The logs as an operator reads them: one JSON line per request when it completes, the request's
// correlation id on every line written while it is handled (and in its problem body), a line per
// batch the projector applies with the correlation ids of its events, and LOG_LEVEL honoured.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { Client } from 'pg';
import { type EventStore, comparePositions, connectEventStore, parsePosition } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '@casebook/read-models';
import type { Harness, HarnessOptions } from './support/casebook-harness.js';
import { waitUntil } from './support/wait-for.js';

/** The fields these tests read; docs/ARCHITECTURE.md (Logs) lists them all. */
interface LogLine {
  level: string;
  time: string;
  name: string;
  msg: string;
  context?: string;
  requestId?: string;
  correlationId?: string;
  correlationIds?: string[];
  method?: string;
  route?: string;
  url?: string;
  statusCode?: number;
  durationMs?: number;
  accountId?: string;
  checkpoint?: string;
  position?: string;
  count?: number;
  err?: { type: string; message: string; stack: string };
}

/** What the apps write, line by line, as the destination of their logger. */
class LogCapture extends Writable {
  readonly text: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    for (const line of String(chunk).split('\n')) if (line) this.text.push(line);
    done();
  }

  get lines(): LogLine[] {
    return this.text.map((line) => JSON.parse(line) as LogLine);
  }

  /** Waits for lines that `match`, and gives them all. */
  async linesWhere(match: (line: LogLine) => boolean, what: string): Promise<LogLine[]> {
    return waitUntil(
      () => {
        const found = this.lines.filter(match);
        return Promise.resolve(found.length > 0 ? found : undefined);
      },
      { what },
    );
  }
}

/**
 * nestjs-pino keeps one logger per module instance, which the first app of a process sets up.
 * Each harness here loads the apps afresh, so each logs at its own level into its own capture.
 */
async function startWithOwnLogger(options: HarnessOptions): Promise<Harness> {
  let module: typeof import('./support/casebook-harness.js') | undefined;
  await jest.isolateModulesAsync(async () => {
    module = await import('./support/casebook-harness.js');
  });
  return module!.startCasebook(options);
}

const completed = (correlationId: string) => (line: LogLine) => line.msg === 'request completed' && line.correlationId === correlationId;
const failed = (correlationId: string) => (line: LogLine) => line.msg === 'request failed' && line.correlationId === correlationId;

/** Takes the registry's table away for the length of `work`: the route that reads it fails with a 500. */
async function withoutRegistryTable<T>(casebook: Harness, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: casebook.database.url });
  await client.connect();
  try {
    await client.query('ALTER TABLE read_models.mutuals RENAME TO mutuals_away');
    try {
      return await work();
    } finally {
      await client.query('ALTER TABLE read_models.mutuals_away RENAME TO mutuals');
    }
  } finally {
    await client.end();
  }
}

describe('structured logs', () => {
  const logs = new LogCapture();
  let casebook: Harness;
  let store: EventStore;

  beforeAll(async () => {
    casebook = await startWithOwnLogger({ logs, config: { logLevel: 'info' } });
    store = await connectEventStore(casebook.config);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  const register = (name: string, headers: Record<string, string> = {}) =>
    casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['housing'] }, headers);

  it('writes one JSON line per request when it completes: method, route, url, status, duration, account and correlation id', async () => {
    const admin = await casebook.account('admin');
    const mutual = await register('Brookfield Care Partnership', admin.headers);
    const correlationId = `milestone-${randomUUID()}`;
    const recorded = await casebook.request(
      'POST',
      `/api/v1/mutuals/${mutual.body.id}/milestones`,
      { type: 'award-received', occurredOn: '2023', awardName: 'Community Care Award' },
      { ...admin.headers, 'x-correlation-id': correlationId },
    );
    expect(recorded.status).toBe(201);

    const [line, ...more] = await logs.linesWhere(completed(correlationId), 'the completion line');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      name: 'casebook-api',
      method: 'POST',
      route: '/api/v1/mutuals/:mutualId/milestones',
      url: `/api/v1/mutuals/${mutual.body.id}/milestones`,
      statusCode: 201,
      accountId: admin.accountId,
      correlationId,
      requestId: expect.any(String),
      time: expect.any(String),
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    // Every line the apps wrote is one JSON object, and none carries a request's headers.
    expect(logs.text.length).toBeGreaterThan(0);
    for (const text of logs.text) expect(() => JSON.parse(text)).not.toThrow();
    expect(logs.text.join('\n')).not.toContain(casebook.config.adminToken!);
    expect(logs.text.join('\n')).not.toContain(admin.token);
  });

  it('gives a request one correlation id: the valid X-Correlation-Id it was sent, else its own id, in its answer, its events and its log', async () => {
    const invalid = 'not a valid id!';
    const written = await register('Harbourside Leisure Trust', { 'x-correlation-id': invalid });
    expect(written.status).toBe(201);
    const answered = written.headers.get('x-correlation-id')!;
    expect(answered).not.toBe(invalid);
    const [line] = await logs.linesWhere(completed(answered), 'the completion line under the id the answer gave');
    expect(line.requestId).toBe(answered);

    const stored = await store.readStream(`mutual-${written.body.id}`);
    expect(stored[0].metadata.correlationId).toBe(answered);
  });

  it('puts the correlation id in every problem body', async () => {
    const refused = await register('', { 'x-correlation-id': 'blank-name-1' });
    expect(refused.status).toBe(400);
    expect(refused.body.correlationId).toBe('blank-name-1');

    const unroutable = await casebook.request('GET', '/api/v1/nowhere', undefined, { 'x-correlation-id': 'unroutable-1' });
    expect(unroutable.status).toBe(404);
    expect(unroutable.body.correlationId).toBe('unroutable-1');
    const [line] = await logs.linesWhere(completed('unroutable-1'), 'the completion line of an unroutable URL');
    expect(line).toMatchObject({ method: 'GET', url: '/api/v1/nowhere', statusCode: 404 });
  });

  it('answers a 500 with the correlation id its error is logged under, with the stack, and every line of the request carries it', async () => {
    const correlationId = `registry-${randomUUID()}`;
    const [named, unnamed] = await withoutRegistryTable(casebook, async () => [
      await casebook.request('GET', '/api/v1/mutuals', undefined, { 'x-correlation-id': correlationId }),
      await casebook.request('GET', '/api/v1/mutuals'),
    ]);
    expect(named.status).toBe(500);
    expect(named.body).toMatchObject({ status: 500, correlationId });

    const [error] = await logs.linesWhere(
      (line) => line.level === 'error' && line.context === 'http' && line.correlationId === correlationId,
      'the error line',
    );
    expect(error.err).toMatchObject({ type: 'QueryFailedError', message: expect.stringContaining('read_models.mutuals') });
    expect(error.err!.stack).toContain('\n    at ');
    // A failed query's parameters can be personal data: the line names the error, not them.
    expect(error.err).not.toHaveProperty('parameters');
    const [summary] = await logs.linesWhere(failed(correlationId), 'the completion line of the 500');
    expect(summary).toMatchObject({ level: 'error', statusCode: 500, route: '/api/v1/mutuals', requestId: error.requestId });
    const ofTheRequest = logs.lines.filter((line) => line.requestId === error.requestId);
    expect(ofTheRequest.length).toBeGreaterThanOrEqual(2);
    for (const line of ofTheRequest) expect(line.correlationId).toBe(correlationId);

    // Without X-Correlation-Id the body names the id the API gave the request, as the log does.
    expect(unnamed.status).toBe(500);
    const [unnamedError] = await logs.linesWhere(
      (line) => line.level === 'error' && line.context === 'http' && line.correlationId === unnamed.body.correlationId,
      'the error line of the request sent without a correlation id',
    );
    expect(unnamedError.correlationId).toBe(unnamed.headers.get('x-correlation-id'));
  });

  it('logs a line per batch each projection applies, with its name, position, size and the correlation ids of its events', async () => {
    await casebook.stopProjector();
    const first = await register('Northgate Libraries', { 'x-correlation-id': 'batch-first' });
    const second = await register('Eastmoor Youth Services', { 'x-correlation-id': 'batch-second' });
    await casebook.startProjector();
    await casebook.projected(second);

    const projections = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
    const ours = (line: LogLine) =>
      line.context === 'projector' && typeof line.count === 'number' && (line.correlationIds ?? []).some((id) => id.startsWith('batch-'));
    // Each projection's line is written just after its batch commits, so wait for all of them.
    const batches = await waitUntil(
      () => {
        const found = logs.lines.filter(ours);
        const covered = new Set(found.filter((line) => line.correlationIds!.includes('batch-second')).map((line) => line.checkpoint));
        return Promise.resolve(projections.every((name) => covered.has(name)) ? found : undefined);
      },
      { what: 'the batch lines of both writes from every projection' },
    );
    expect(first.status).toBe(201);
    for (const name of projections) {
      const own = batches.filter((line) => line.checkpoint === name);
      expect(own.flatMap((line) => line.correlationIds)).toEqual(expect.arrayContaining(['batch-first', 'batch-second']));
      for (const batch of own) {
        expect(batch).toMatchObject({ level: 'info', position: expect.stringMatching(/^\d+\/\d+$/) });
        expect(batch.count).toBeGreaterThanOrEqual(batch.correlationIds!.length);
      }
      // The projection's last batch covers both writes.
      expect(comparePositions(parsePosition(own.at(-1)!.position!)!, parsePosition(second.body.position)!)).toBeGreaterThanOrEqual(0);
    }
  });

  // Last: the projector keeps retrying the event it cannot apply.
  it('logs a batch that fails with the failing event, its correlation id and the error', async () => {
    const stream = `mutual-poison-${randomUUID().slice(0, 8)}`;
    const poison = await store.appendToStream(stream, [
      {
        id: randomUUID(),
        type: 'MutualRegistered.v1',
        data: { mutualId: 'not-a-uuid', name: 'Poison Trust', serviceAreas: ['other'], registeredAt: new Date().toISOString() },
        metadata: { correlationId: 'poison-1' },
      },
    ]);
    const [failure] = await logs.linesWhere(
      (line) => line.level === 'error' && line.context === 'projector' && line.correlationId === 'poison-1',
      'the failure line',
    );
    // The registration cannot be written by the two projections that store a mutual's id.
    expect(failure).toMatchObject({
      checkpoint: expect.stringMatching(/^(mutual-summary|registration-history)$/),
      position: `${poison.position.commit}/${poison.position.prepare}`,
      eventType: 'MutualRegistered.v1',
      stream,
      correlationIds: expect.arrayContaining(['poison-1']),
      retryInMs: expect.any(Number),
      err: { message: expect.stringContaining('uuid'), stack: expect.any(String) },
    });
    // The statement's values are rows of the read models, which may hold personal data: the
    // lines name the fault, not the values. The registration history's insert is the statement
    // that carries the registration's name.
    const both = await waitUntil(
      () => {
        const lines = logs.lines.filter((line) => line.level === 'error' && line.correlationId === 'poison-1');
        return Promise.resolve(lines.some((line) => line.checkpoint === 'registration-history') ? lines : undefined);
      },
      { what: 'the registration history to report the failure' },
    );
    for (const line of both) expect(JSON.stringify(line)).not.toContain('Poison Trust');
  });
});

describe('structured logs at LOG_LEVEL=warn', () => {
  const logs = new LogCapture();
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startWithOwnLogger({ logs, config: { logLevel: 'warn' } });
  });
  afterAll(async () => {
    await casebook?.close();
  });

  it('writes warnings and errors, and no info lines', async () => {
    const written = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      { name: 'Quiet Valley Trust', serviceAreas: ['housing'] },
      { 'x-correlation-id': 'quiet-write' },
    );
    expect(written.status).toBe(201);
    await casebook.projected(written);
    const broken = await withoutRegistryTable(casebook, () =>
      casebook.request('GET', '/api/v1/mutuals', undefined, { 'x-correlation-id': 'quiet-failure' }),
    );
    expect(broken.status).toBe(500);

    const errors = await logs.linesWhere(failed('quiet-failure'), 'the completion line of the 500');
    expect(errors).toHaveLength(1);
    expect(logs.lines.some((line) => line.level === 'error' && line.context === 'http' && line.correlationId === 'quiet-failure')).toBe(
      true,
    );
    expect(logs.lines.filter((line) => ['info', 'debug', 'trace'].includes(line.level))).toEqual([]);
  });
});
