// Applies the row changes of a whole batch of events as a few statements per table: one read of
// every row the batch touches, the changes applied to those rows in memory in the order the
// projection emitted them, then one multi-row upsert and at most one delete. A milestone that
// moves the same `mutuals` row three times costs no statement of its own. The rows travel as
// JSON (`to_jsonb` out, `jsonb_populate_recordset` in), so PostgreSQL converts every column
// type itself and a statement has one parameter whatever the batch's size.
import type { EntityManager, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { RowChange } from '../projections/projection.js';

/** A row as PostgreSQL's `to_jsonb` gives it: database column names, JSON values. */
type StoredRow = Record<string, unknown>;

export async function applyRowChanges(manager: EntityManager, changes: RowChange[]): Promise<void> {
  const byTable = new Map<EntityMetadata, RowChange[]>();
  for (const change of changes) {
    const metadata = manager.dataSource.getMetadata(change.entity);
    const own = byTable.get(metadata);
    if (own) own.push(change);
    else byTable.set(metadata, [change]);
  }
  // Read models have no foreign keys between them, so tables may be written in any order.
  for (const [metadata, own] of byTable) await new TableChanges(manager, metadata).apply(own);
}

class TableChanges {
  private readonly key: ColumnMetadata;
  private readonly keyType: string;
  private readonly table: string;

  constructor(
    private readonly manager: EntityManager,
    private readonly metadata: EntityMetadata,
  ) {
    if (metadata.primaryColumns.length !== 1) throw new Error(`${metadata.name}: a read model has one primary key column`);
    this.key = metadata.primaryColumns[0];
    this.keyType = manager.dataSource.driver.normalizeType(this.key);
    this.table = `"${metadata.schema ?? 'public'}"."${metadata.tableName}"`;
  }

  async apply(changes: RowChange[]): Promise<void> {
    const keys = [...new Set(changes.map((change) => this.keyOf(change.op === 'upsert' ? change.row : change.where)))];
    const rows = new Map<string, StoredRow | null>(keys.map((key) => [key, null]));
    const found: { row: StoredRow }[] = await this.manager.query(
      `SELECT to_jsonb(t) AS row FROM ${this.table} t WHERE t."${this.key.databaseName}" = ANY($1::${this.keyType}[])`,
      [keys],
    );
    for (const { row } of found) rows.set(this.normalisedKey(row[this.key.databaseName]), row);
    const stored = new Set(found.map(({ row }) => this.normalisedKey(row[this.key.databaseName])));
    const touched = new Set<string>();

    for (const change of changes) {
      const key = this.keyOf(change.op === 'upsert' ? change.row : change.where);
      const current = rows.get(key) ?? null;
      switch (change.op) {
        case 'upsert':
          rows.set(key, { ...(current ?? this.newRow()), ...this.columnsOf(change.row) });
          touched.add(key);
          break;
        case 'update':
          if (current && this.matches(current, change.where)) {
            rows.set(key, { ...current, ...this.columnsOf(change.set) });
            touched.add(key);
          }
          break;
        case 'increment':
          if (current && this.matches(current, change.where)) {
            const column = this.column(change.column).databaseName;
            const value = current[column];
            // As in SQL, a null stays null.
            rows.set(key, { ...current, [column]: value === null ? null : Number(value) + change.by });
            touched.add(key);
          }
          break;
        case 'delete':
          if (current && this.matches(current, change.where)) {
            rows.set(key, null);
            touched.add(key);
          }
          break;
      }
    }

    const written: StoredRow[] = [];
    const deleted: string[] = [];
    for (const key of touched) {
      const row = rows.get(key) ?? null;
      if (row) written.push(row);
      else if (stored.has(key)) deleted.push(key);
    }
    if (deleted.length > 0) {
      await this.manager.query(`DELETE FROM ${this.table} WHERE "${this.key.databaseName}" = ANY($1::${this.keyType}[])`, [deleted]);
    }
    if (written.length > 0) {
      const columns = this.metadata.columns.map((column) => `"${column.databaseName}"`);
      const updates = this.metadata.columns
        .filter((column) => column !== this.key)
        .map((column) => `"${column.databaseName}" = EXCLUDED."${column.databaseName}"`);
      await this.manager.query(
        `INSERT INTO ${this.table} (${columns.join(', ')})
         SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb)
         ON CONFLICT ("${this.key.databaseName}") ${updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`,
        [JSON.stringify(written)],
      );
    }
  }

  /** A row not stored yet: the columns' declared defaults, null elsewhere. */
  private newRow(): StoredRow {
    const row: StoredRow = {};
    for (const column of this.metadata.columns) {
      row[column.databaseName] = typeof column.default === 'function' || column.default === undefined ? null : toJson(column.default);
    }
    return row;
  }

  private keyOf(values: object): string {
    const key = (values as Record<string, unknown>)[this.key.propertyName];
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new Error(`${this.metadata.name}: every row change names the primary key ${this.key.propertyName}`);
    }
    return this.normalisedKey(key);
  }

  private normalisedKey(key: unknown): string {
    const text = String(key);
    return this.keyType === 'uuid' ? text.toLowerCase() : text;
  }

  private column(propertyName: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(propertyName);
    if (!column) throw new Error(`${this.metadata.name} has no column ${propertyName}`);
    return column;
  }

  /** Property names to column names; an undefined value changes nothing, as in TypeORM. */
  private columnsOf(values: object): StoredRow {
    const row: StoredRow = {};
    for (const [property, value] of Object.entries(values)) {
      if (value !== undefined) row[this.column(property).databaseName] = toJson(value);
    }
    return row;
  }

  private matches(row: StoredRow, where: object): boolean {
    return Object.entries(where).every(([property, value]) => {
      if (value === undefined) return true;
      if (value === null) throw new Error(`${this.metadata.name}: a row change cannot match ${property} on null`);
      const column = this.column(property);
      const stored = row[column.databaseName];
      if (this.manager.dataSource.driver.normalizeType(column) === 'uuid') {
        return typeof stored === 'string' && stored.toLowerCase() === String(value).toLowerCase();
      }
      return JSON.stringify(stored) === JSON.stringify(toJson(value));
    });
  }
}

function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}
