// The export body against a real database: a view's rows in order with their cells; the
// connection freed when the rows end, when the reader goes away mid-way and when the query
// fails, so abandoned exports cannot use up the pool; and a body read slowly holds only a few
// batches, however many rows the view has.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { exportColumns } from '@casebook/domain';
import { createDataSource } from '@casebook/read-models';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { exportBody } from './export-stream.js';

const COLUMNS = exportColumns([
  { name: 'n', type: 'integer', label: 'Row' },
  { name: 'happened', type: 'date', label: 'When', partialDate: true },
  { name: 'flag', type: 'boolean', label: 'Flag' },
  { name: 'note', type: 'string', label: 'Note', freeText: true },
]);
const rowsUpTo = (count: number) => ({
  sql: `SELECT i AS n, CASE WHEN i % 2 = 0 THEN '2016' ELSE '2016-06-01' END AS happened, i % 3 = 0 AS flag,
               'note, "' || i || '"' || chr(10) || 'next' AS note
          FROM generate_series(1, $1::int) AS i ORDER BY i`,
  params: [count],
});

describe('the export body', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url, { poolSize: 3 }).initialize();
    pool = (dataSource.driver as unknown as { master: Pool }).master;
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const text = async (body: NodeJS.ReadableStream) => {
    let out = '';
    for await (const chunk of body) out += String(chunk);
    return out;
  };
  /** Connections checked out of the pool, waited for as they settle after a stream closes. */
  const checkedOut = async () => {
    const deadline = Date.now() + 5_000;
    while (pool.totalCount - pool.idleCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return pool.totalCount - pool.idleCount;
  };

  it('writes CSV with a header row, partial dates split and booleans as 1 and 0, then gives the connection back', async () => {
    const body = await text(await exportBody(dataSource, rowsUpTo(3), COLUMNS, 'csv'));
    expect(body).toBe(
      [
        'n,happened,happened_precision,flag,note',
        '1,2016-06-01,day,0,"note, ""1""\nnext"',
        '2,2016-01-01,year,0,"note, ""2""\nnext"',
        '3,2016-06-01,day,1,"note, ""3""\nnext"',
        '',
      ].join('\n'),
    );
    expect(await checkedOut()).toBe(0);
  });

  it('writes NDJSON, one object a line with typed values', async () => {
    const lines = (await text(await exportBody(dataSource, rowsUpTo(2), COLUMNS, 'ndjson'))).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { n: 1, happened: '2016-06-01', happened_precision: 'day', flag: false, note: 'note, "1"\nnext' },
      { n: 2, happened: '2016-01-01', happened_precision: 'year', flag: false, note: 'note, "2"\nnext' },
    ]);
  });

  it('frees the connection of a body its reader abandons, so more abandoned bodies than the pool holds leave it usable', async () => {
    for (let i = 0; i < 6; i++) {
      const body = await exportBody(dataSource, rowsUpTo(200_000), COLUMNS, 'ndjson');
      await new Promise((resolve) => body.once('data', resolve));
      body.destroy();
    }
    expect(await checkedOut()).toBe(0);
    expect(await text(await exportBody(dataSource, rowsUpTo(1), COLUMNS, 'csv'))).toContain('1,2016-06-01,day');
  });

  it('ends the body with the error of a query that fails, and frees its connection', async () => {
    const body = await exportBody(
      dataSource,
      { sql: 'SELECT 1 / (i - 500) AS n FROM generate_series(1, 1000) AS i', params: [] },
      COLUMNS,
      'csv',
    );
    await expect(text(body)).rejects.toThrow(/division by zero/);
    expect(await checkedOut()).toBe(0);
  });

  it('holds only a few batches for a reader slower than the database', async () => {
    const body = await exportBody(dataSource, rowsUpTo(200_000), COLUMNS, 'csv');
    let taken = 0;
    let mostBuffered = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        taken += chunk.length;
        mostBuffered = Math.max(mostBuffered, body.readableLength);
        if (taken > 2_000_000) body.destroy();
        setImmediate(done);
      },
    });
    await pipeline(body, slow).catch(() => undefined);
    expect(taken).toBeGreaterThan(2_000_000);
    // A CSV row here is about 40 bytes: a few batches of 500 rows are tens of KiB, never the 8 MB of the whole.
    expect(mostBuffered).toBeLessThan(256 * 1024);
    expect(await checkedOut()).toBe(0);
  });
});
