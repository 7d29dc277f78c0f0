// What every write route of the API promises a client that retries or races: a write answers
// with its version as the ETag; the same request again with its Idempotency-Key gets the same
// answer (Idempotent-Replayed: true) and records nothing twice; a stale If-Match is refused with
// 409 and the record's current version, and records nothing. The routes are read from the
// OpenAPI document, each tried with its first example on records of its own.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type DocumentedOperation, RouteFixtures, bodyFor, headerOf, writeOperationsOf } from './support/route-fixtures.js';
import { storedMark as storedMarkOf } from './support/stored-mark.js';

/** Each check shares it among the routes; a route left when it is spent is reported. */
const BUDGET_MS = 60_000;
const STALE = '"999"';

/**
 * A route whose answer holds a secret shown once (a new token) keeps no copy for a replay; its
 * Idempotency-Key says which field the replay leaves out. Only a route whose document says so
 * is that exception.
 */
const secretOf = (route: DocumentedOperation): string | undefined =>
  /replay leaves out `([A-Za-z]+)`/.exec(headerOf(route.operation, 'Idempotency-Key')?.description ?? '')?.[1];

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'no body';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

describe('every write route', () => {
  let casebook: Harness;
  let store: EventStore;
  let database: Client;
  let document: OpenAPIObject;
  let fixtures: RouteFixtures;
  let routes: DocumentedOperation[];

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    database = new Client({ connectionString: casebook.database.url });
    await database.connect();
    document = (await casebook.request<OpenAPIObject>('GET', '/api/docs-json')).body;
    fixtures = new RouteFixtures(casebook, document);
    routes = writeOperationsOf(document);
  });
  afterAll(async () => {
    await database?.end();
    await store?.close();
    await casebook?.close();
  });

  const storedMark = () => storedMarkOf(casebook, database, store);

  /** Runs `check` on records of its own for each write route, collecting what each got wrong. */
  async function eachRoute(
    check: (route: DocumentedOperation, send: (headers?: Record<string, string>) => Promise<HttpResult>) => Promise<string[]>,
  ) {
    const deadline = Date.now() + BUDGET_MS;
    const failures: string[] = [];
    for (const route of routes) {
      if (Date.now() > deadline) {
        failures.push(`${route.key}: not tried, the ${BUDGET_MS / 1000} s budget was spent`);
        continue;
      }
      try {
        const prepared = await fixtures.prepare(route, bodyFor(route, document));
        const send = (headers: Record<string, string> = {}) =>
          casebook.request(route.method.toUpperCase(), prepared.url, prepared.body, headers);
        failures.push(...(await check(route, send)).map((fault) => `${route.key}: ${fault}`));
      } catch (error) {
        failures.push(`${route.key}: ${(error as Error).message}`);
      }
    }
    return failures;
  }

  const succeeded = (response: HttpResult) => response.status >= 200 && response.status < 300;

  it('are listed in the document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(27);
  });

  it(
    'answer a successful write with the ETag of the version they answer',
    async () => {
      const failures = await eachRoute(async (_route, send) => {
        const response = await send();
        if (!succeeded(response)) return [`answered ${response.status}: ${short(response.body)}`];
        const version = response.body?.version;
        if (!Number.isInteger(version))
          return [`answered ${response.status} with no version in the body (ETag ${response.headers.get('etag')})`];
        const etag = response.headers.get('etag');
        return etag === `"${version}"` ? [] : [`ETag ${etag ?? '(none)'} for version ${version}`];
      });
      expect(failures).toEqual([]);
    },
    BUDGET_MS + 30_000,
  );

  it(
    'replay a write sent again with its Idempotency-Key, and record nothing twice',
    async () => {
      const failures = await eachRoute(async (route, send) => {
        const faults: string[] = [];
        if (!headerOf(route.operation, 'Idempotency-Key')) faults.push('does not declare Idempotency-Key');
        const key = { 'idempotency-key': `write-routes-${randomUUID()}` };
        const first = await send(key);
        if (!succeeded(first)) return [...faults, `answered ${first.status}: ${short(first.body)}`];
        const before = await storedMark();
        const again = await send(key);
        const after = await storedMark();
        if (after !== before) faults.push(`recorded again (${before} -> ${after})`);
        if (again.status !== first.status) faults.push(`answered ${again.status} the second time, ${first.status} the first`);
        if (again.headers.get('idempotent-replayed') !== 'true')
          faults.push(`no Idempotent-Replayed: true on the second answer (${again.headers.get('idempotent-replayed')})`);
        if (again.headers.get('etag') !== first.headers.get('etag'))
          faults.push(`ETag moved: ${first.headers.get('etag')} then ${again.headers.get('etag')}`);
        const secret = secretOf(route);
        if (secret) {
          // The documented exception: the replay is the first answer without the secret.
          if (JSON.stringify(again.body).includes(String(first.body?.[secret]))) faults.push(`the replay shows the ${secret} again`);
          if (again.body?.[secret] != null) faults.push(`the replay has a ${secret}`);
          if (!isDeepStrictEqual({ ...first.body, [secret]: again.body?.[secret] }, again.body))
            faults.push(`answered ${short(again.body)} the second time, ${short(first.body)} the first`);
        } else if (!isDeepStrictEqual(again.body, first.body)) {
          faults.push(`answered ${short(again.body)} the second time, ${short(first.body)} the first`);
        }
        return faults;
      });
      expect(failures).toEqual([]);
    },
    BUDGET_MS + 30_000,
  );

  it(
    'refuse a write with a stale If-Match with 409 and the current version, recording nothing',
    async () => {
      const failures = await eachRoute(async (route, send) => {
        const faults: string[] = [];
        if (!headerOf(route.operation, 'If-Match')) faults.push('does not declare If-Match');
        const before = await storedMark();
        const refused = await send({ 'if-match': STALE });
        const after = await storedMark();
        if (after !== before) faults.push(`recorded on a stale If-Match (${before} -> ${after})`);
        if (refused.status !== 409) return [...faults, `answered ${refused.status} to If-Match ${STALE}: ${short(refused.body)}`];
        if (!refused.headers.get('content-type')?.startsWith('application/problem+json'))
          faults.push(`409 as ${refused.headers.get('content-type')}`);
        const current = refused.body?.currentVersion;
        if (!Number.isInteger(current) || current < 0) return [...faults, `409 without currentVersion: ${short(refused.body)}`];
        // The version it names is the one a write may then be made against.
        if (current > 0) {
          const retried = await send({ 'if-match': `"${current}"` });
          if (!succeeded(retried))
            faults.push(`answered ${retried.status} to If-Match "${current}", the currentVersion it gave: ${short(retried.body)}`);
        }
        return faults;
      });
      expect(failures).toEqual([]);
    },
    BUDGET_MS + 30_000,
  );
});
