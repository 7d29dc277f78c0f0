// An export the size of a long-running study's record: 100,000 milestones, seeded straight into
// the read models the view reads, streamed through the real API as CSV and as NDJSON. Each body
// is parsed back row by row as it arrives; the count and a sample of values are checked, and the
// process's heap (the API's and the client's, in one process) is sampled throughout: it must grow
// far less than the body, as it cannot if the rows are streamed. Clients that go away mid-way
// give their connection back, so a burst of them does not use up the pool.
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Harness, startCasebook } from './support/casebook-harness.js';

const ROWS = 100_000;
const MiB = 1024 * 1024;

// What the stream holds on to is the heap left after a full collection; without one, the heap
// also counts garbage the collector has not got round to, which says nothing about streaming.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('an export of 100,000 rows', () => {
  let casebook: Harness;
  let studyId: string;
  const mutualId = randomUUID();
  const caseId = randomUUID();

  beforeAll(async () => {
    casebook = await startCasebook();
    const study = await casebook.request('POST', '/api/v1/studies', {
      title: 'Sector at scale',
      startsOn: '2020-01-06',
      endsOn: '2028-03-31',
    });
    expect(study.status).toBe(201);
    studyId = study.body.id;
    const db = new Client({ connectionString: casebook.database.url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO read_models.mutuals (id, name, service_areas, milestone_count, version, registered_at)
         VALUES ($1, 'Scale "Care", Co-op', '{health-and-social-care}', $2, 1, now())`,
        [mutualId, ROWS],
      );
      await db.query(
        `INSERT INTO read_models.cases (case_id, study_id, mutual_id, selection, status, enrolled_at, version)
         VALUES ($1, $2, $3, '{"serviceAreas":["housing"],"stageOfDevelopment":"early","region":"london","legalForm":"charity"}', 'active', now(), 1)`,
        [caseId, studyId, mutualId],
      );
      // Dated to the year, the month or the day in turn; every row carries a comma, a quote and a line break in its notes.
      await db.query(
        `INSERT INTO read_models.mutual_timeline
           (milestone_id, mutual_id, type, occurred_on, precision, sort_key, last_day, details, stream_revision, recorded_at, recorded_by)
         SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, $1, 'contract-awarded',
                d.occurred_on, d.precision, d.first_day || ':' || d.rank, d.last_day,
                jsonb_build_object('commissioner', 'Council ' || i, 'annualValueGbp', i * 10, 'startsOn', d.occurred_on,
                                   'endsOn', '2030', 'notes', 'Note "' || i || '", with a comma' || chr(10) || 'and a second line'),
                i, timestamptz '2026-01-01T00:00:00Z' + i * interval '1 second', 'seeded'
           FROM generate_series(1, ${ROWS}) AS i,
                LATERAL (SELECT CASE i % 3 WHEN 0 THEN (2000 + i % 20)::text
                                           WHEN 1 THEN (2000 + i % 20)::text || '-06'
                                           ELSE (2000 + i % 20)::text || '-06-15' END AS occurred_on,
                                CASE i % 3 WHEN 0 THEN 'year' WHEN 1 THEN 'month' ELSE 'day' END AS precision,
                                CASE i % 3 WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 2 END AS rank,
                                CASE i % 3 WHEN 0 THEN (2000 + i % 20)::text || '-01-01'
                                           WHEN 1 THEN (2000 + i % 20)::text || '-06-01'
                                           ELSE (2000 + i % 20)::text || '-06-15' END AS first_day,
                                CASE i % 3 WHEN 0 THEN (2000 + i % 20)::text || '-12-31'
                                           WHEN 1 THEN (2000 + i % 20)::text || '-06-30'
                                           ELSE (2000 + i % 20)::text || '-06-15' END AS last_day) AS d`,
        [mutualId],
      );
    } finally {
      await db.end();
    }
  }, 300_000);
  afterAll(() => casebook?.close());

  /**
   * Streams an export, counting its bytes and handing the body to `read`, which calls `sample`
   * as it goes (every SAMPLE_EVERY rows): each sample is the heap left after a full collection.
   * Sampled by progress rather than by the clock, as a full collection of a test process's heap
   * can take long enough to starve the stream it measures.
   */
  async function streamed<T>(query: string, read: (body: Readable, sample: () => void) => Promise<T>) {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sample = () => {
      collectGarbage();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const response = await fetch(`${casebook.baseUrl}/api/v1/studies/${studyId}/exports/milestones?${query}`, {
      headers: { authorization: `Bearer ${casebook.config.adminToken}` },
    });
    expect(response.status).toBe(200);
    let bytes = 0;
    const body = Readable.fromWeb(response.body as never);
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const result = await read(body, sample);
    return { response, result, bytes, heapGrowth: peak - baseline };
  }

  const expectSample = (row: Record<string, unknown>, i: number) => {
    expect(row.milestone_id).toBe(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(row.case_id).toBe(caseId);
    expect(row.commissioner).toBe(`Council ${i}`);
    expect(Number(row.annual_value_gbp)).toBe(i * 10);
    expect(row.notes).toBe(`Note "${i}", with a comma\nand a second line`);
    const year = 2000 + (i % 20);
    const [first, precision] = [
      [`${year}-01-01`, 'year'],
      [`${year}-06-01`, 'month'],
      [`${year}-06-15`, 'day'],
    ][i % 3];
    expect([row.occurred_on, row.occurred_on_precision, row.starts_on, row.starts_on_precision]).toEqual([
      first,
      precision,
      first,
      precision,
    ]);
    expect([row.ends_on, row.ends_on_precision]).toEqual(['2030-01-01', 'year']);
  };

  const SAMPLE = new Set([1, 2, 3, 4_999, 50_000, 77_777, ROWS]);
  const SAMPLE_EVERY = 20_000;

  it('streams as CSV that csv-parse reads back: every row, the right values, in bounded memory and time', async () => {
    const { response, result, bytes, heapGrowth } = await streamed('format=csv&level=full', async (body, sample) => {
      let count = 0;
      let header: string[] | undefined;
      const samples = new Map<number, Record<string, string>>();
      for await (const record of body.pipe(parse({ columns: (names: string[]) => ((header = names), names) }))) {
        if (++count % SAMPLE_EVERY === 0) sample();
        const i = Number((record as Record<string, string>).milestone_id.slice(-12));
        if (SAMPLE.has(i)) samples.set(i, record as Record<string, string>);
      }
      return { count, header, samples };
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="casebook-milestones-${studyId}-full.csv"`);
    expect(result.count).toBe(ROWS);
    expect(result.header?.slice(0, 6)).toEqual(['milestone_id', 'case_id', 'mutual_id', 'mutual_name', 'type', 'occurred_on']);
    expect([...result.samples.keys()].sort((a, b) => a - b)).toEqual([...SAMPLE].sort((a, b) => a - b));
    for (const [i, row] of result.samples) {
      expectSample(row, i);
      expect(row.mutual_name).toBe('Scale "Care", Co-op');
      expect(row.corrected).toBe('0');
    }
    expect(bytes).toBeGreaterThan(40 * MiB);
    expect(heapGrowth).toBeLessThan(bytes / 3);
  }, 300_000);

  it('streams as NDJSON, one JSON object a line, with typed values', async () => {
    const { response, result, bytes, heapGrowth } = await streamed('format=ndjson&level=full', async (body, sample) => {
      let count = 0;
      const samples = new Map<number, Record<string, unknown>>();
      for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
        if (line === '') continue;
        if (++count % SAMPLE_EVERY === 0) sample();
        const row = JSON.parse(line) as Record<string, unknown>;
        const i = Number(String(row.milestone_id).slice(-12));
        if (SAMPLE.has(i)) samples.set(i, row);
      }
      return { count, samples };
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(result.count).toBe(ROWS);
    for (const [i, row] of result.samples) {
      expectSample(row, i);
      expect(row.annual_value_gbp).toBe(i * 10);
      expect(row.corrected).toBe(false);
      expect(row.headcount).toBeNull();
    }
    expect(bytes).toBeGreaterThan(80 * MiB);
    expect(heapGrowth).toBeLessThan(bytes / 3);
  }, 300_000);

  it('gives the connection back when the client goes away mid-way, so more aborted exports than the pool holds leave it usable', async () => {
    // A client that reads the first chunk and then drops the connection.
    const readFirstChunkThenHangUp = () =>
      new Promise<number>((resolve, reject) => {
        const request = get(
          `${casebook.baseUrl}/api/v1/studies/${studyId}/exports/milestones?format=ndjson`,
          { headers: { authorization: `Bearer ${casebook.config.adminToken}` } },
          (response) => {
            response.once('data', () => {
              request.destroy();
              resolve(response.statusCode ?? 0);
            });
          },
        );
        request.on('error', reject);
      });
    for (let attempt = 0; attempt < 15; attempt++) expect(await readFirstChunkThenHangUp()).toBe(200);
    const db = new Client({ connectionString: casebook.database.url });
    await db.connect();
    try {
      const stillExporting = async () =>
        (
          await db.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%read_models.mutual_timeline t%' AND state = 'active' AND pid <> pg_backend_pid()`,
          )
        ).rows[0].n;
      const deadline = Date.now() + 20_000;
      while ((await stillExporting()) !== '0' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await stillExporting()).toBe('0');
    } finally {
      await db.end();
    }
    const after = await casebook.request('GET', `/api/v1/studies/${studyId}/exports/cases?format=ndjson`);
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).toContain(caseId);
  }, 300_000);
});
