// Every read-model table's rows, in primary-key order, as PostgreSQL's to_jsonb gives them: what
// two databases are compared by when they should hold the same read models.
import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint, READ_MODEL_ENTITIES } from '@casebook/read-models';

export async function readModelTables(source: DataSource): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const entity of READ_MODEL_ENTITIES.filter((e) => e !== ProjectionCheckpoint)) {
    const metadata = source.getMetadata(entity);
    const key = metadata.primaryColumns[0].databaseName;
    const rows: { row: unknown }[] = await source.query(
      `SELECT to_jsonb(t) AS row FROM "${metadata.schema}"."${metadata.tableName}" t ORDER BY t."${key}"`,
    );
    snapshot[metadata.tableName] = rows.map(({ row }) => row);
  }
  return snapshot;
}
