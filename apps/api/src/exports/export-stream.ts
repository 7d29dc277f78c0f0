// Streams a view's rows from PostgreSQL to the client in constant memory: a server-side cursor
// (pg-query-stream) on a connection of its own from the read models' pool, read a batch at a
// time as the client takes the body, each row turned into the export's cells and then into CSV
// (csv-stringify) or NDJSON. The connection goes back to the pool when the rows end, and is
// discarded when the client goes away mid-way, so a cursor left open can never be reused.
import { Readable, Transform, pipeline } from 'node:stream';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { stringify } from 'csv-stringify';
import type { DataSource } from 'typeorm';
import { type ExportCell, type ExportColumn, type ExportFormat, exportRow } from '@casebook/domain';
import type { RowSource } from './export-view.js';

/** Rows fetched from the cursor per round trip. */
const BATCH_SIZE = 500;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

function formatter(format: ExportFormat, columns: readonly ExportColumn[]): Transform {
  if (format === 'csv') {
    return stringify({
      header: true,
      columns: columns.map((column) => column.name),
      // Booleans as the codebook says, 1 and 0, which every statistics package reads as numbers.
      cast: { boolean: (value) => (value ? '1' : '0') },
    });
  }
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, ExportCell>, _encoding, done) {
      done(null, `${JSON.stringify(row)}\n`);
    },
  });
}

/** The read models' pg pool, under TypeORM's driver. */
const poolOf = (dataSource: DataSource): Pool => (dataSource.driver as unknown as { master: Pool }).master;

/**
 * The export's body. Resolves once it holds a connection, so a database that is away is an
 * error (503) before any byte is sent; a failure after that ends the body short.
 */
export async function exportBody(
  dataSource: DataSource,
  source: RowSource,
  columns: readonly ExportColumn[],
  format: ExportFormat,
): Promise<Readable> {
  const cells = new Transform({
    objectMode: true,
    transform(row: Record<string, unknown>, _encoding, done) {
      done(null, exportRow(columns, row));
    },
  });
  const body = formatter(format, columns);
  if ('rows' in source) {
    // Pulled a row at a time as the client reads, so a page is computed only when wanted.
    pipeline(Readable.from(source.rows()), cells, body, (error) => {
      // A failure after the first byte can only end the body short.
      if (error && !body.destroyed) body.destroy(error);
    });
    return body;
  }
  const client: PoolClient = await poolOf(dataSource).connect();
  let released = false;
  const release = (discard: boolean) => {
    if (released) return;
    released = true;
    client.release(discard);
  };
  let rows: QueryStream;
  try {
    rows = client.query(new QueryStream(source.sql, source.params, { batchSize: BATCH_SIZE, highWaterMark: BATCH_SIZE }));
  } catch (error) {
    release(true);
    throw error;
  }
  pipeline(rows, cells, body, (error) => {
    // Finished: the cursor is closed and the connection is idle. Otherwise (client gone, query
    // failed) the connection may still hold the portal, so it is not handed to anyone else.
    release(Boolean(error));
  });
  return body;
}
