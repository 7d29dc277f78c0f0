// Applies the row changes of a whole batch of events as a few statements per table: one read of
// every row the batch touches, the changes applied to those rows in memory in the order the
// projection emitted them, then one multi-row upsert and at most one delete. A milestone that
// moves the same `mutuals` row three times costs no statement of its own. The rows travel as
// JSON (`to_jsonb` out, `jsonb_populate_recordset` in), so PostgreSQL converts every column
// type itself and a statement has one parameter whatever the batch's size. An update whose
// condition does not name the primary key (every row of one contact, say) reads first the rows its
// condition matches and that it would change, by their columns, and applies to every row that
// matches when its turn comes, as an UPDATE ... WHERE would.
import type { EntityManager, EntityMetadata } from 'typeorm';
import type { RowChange } from '../projections/projection.js';

/** A row as PostgreSQL's `to_jsonb` gives it: database column names, JSON values. */
type StoredRow = Record<string, unknown>;

/**
 * `tableSuffix` writes each entity's rows to the table of that name plus the suffix instead: the
 * fresh tables a rebuild fills while the entity's own table keeps serving.
 */
export async function applyRowChanges(manager: EntityManager, changes: RowChange[], tableSuffix = ''): Promise<void> {
  const byTable = new Map<TableShape, RowChange[]>();
  for (const change of changes) {
    const shape = shapeOf(manager, manager.dataSource.getMetadata(change.entity), tableSuffix);
    const own = byTable.get(shape);
    if (own) own.push(change);
    else byTable.set(shape, [change]);
  }
  // Read models have no foreign keys between them, so tables may be written in any order.
  for (const [shape, own] of byTable) await applyToTable(manager, shape, own);
}

/** What the writer needs of a table, worked out once per entity: the batches reuse it. */
interface TableShape {
  name: string;
  /** The primary key's property, and its values as map keys (UUIDs in lower case, as stored). */
  keyProperty: string;
  keyColumn: string;
  keyOf(values: object): string;
  columns: Map<string, Column>;
  /** A row not stored yet: the columns' declared defaults, null elsewhere. */
  newRow: StoredRow;
  select: string;
  /** The select of every column, for a condition to be added. */
  selectFrom: string;
  upsert: string;
  delete: string;
}

interface Column {
  name: string;
  uuid: boolean;
  /** The type to cast a parameter compared with the column to. */
  type: string;
}

/** Per entity, per table suffix. */
const shapes = new WeakMap<EntityMetadata, Map<string, TableShape>>();

function shapeOf(manager: EntityManager, metadata: EntityMetadata, tableSuffix: string): TableShape {
  let ofEntity = shapes.get(metadata);
  if (!ofEntity) {
    ofEntity = new Map();
    shapes.set(metadata, ofEntity);
  }
  const known = ofEntity.get(tableSuffix);
  if (known) return known;
  if (metadata.primaryColumns.length !== 1) throw new Error(`${metadata.name}: a read model has one primary key column`);
  const driver = manager.dataSource.driver;
  const key = metadata.primaryColumns[0];
  const keyType = driver.normalizeType(key);
  const table = `"${metadata.schema ?? 'public'}"."${metadata.tableName}${tableSuffix}"`;
  const quoted = metadata.columns.map((column) => `"${column.databaseName}"`);
  const updates = metadata.columns
    .filter((column) => column !== key)
    .map((column) => `"${column.databaseName}" = EXCLUDED."${column.databaseName}"`);
  const normalised = (value: unknown) => (keyType === 'uuid' ? String(value).toLowerCase() : String(value));
  const shape: TableShape = {
    name: metadata.name,
    keyProperty: key.propertyName,
    keyColumn: key.databaseName,
    keyOf(values) {
      const value = (values as Record<string, unknown>)[key.propertyName];
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new Error(`${metadata.name}: every row change names the primary key ${key.propertyName}`);
      }
      return normalised(value);
    },
    columns: new Map(
      metadata.columns.map((column) => {
        const type = driver.normalizeType(column);
        return [column.propertyName, { name: column.databaseName, uuid: type === 'uuid', type }];
      }),
    ),
    newRow: Object.fromEntries(
      metadata.columns.map((column) => [
        column.databaseName,
        typeof column.default === 'function' || column.default === undefined ? null : toJson(column.default),
      ]),
    ),
    select: `SELECT to_jsonb(t) AS row FROM ${table} t WHERE t."${key.databaseName}" = ANY($1::${keyType}[])`,
    selectFrom: `SELECT to_jsonb(t) AS row FROM ${table} t`,
    upsert: `INSERT INTO ${table} (${quoted.join(', ')})
         SELECT ${quoted.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
         ON CONFLICT ("${key.databaseName}") ${updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`,
    delete: `DELETE FROM ${table} WHERE "${key.databaseName}" = ANY($1::${keyType}[])`,
  };
  ofEntity.set(tableSuffix, shape);
  return shape;
}

async function applyToTable(manager: EntityManager, shape: TableShape, changes: RowChange[]): Promise<void> {
  const keyed = changes.map((change) => ({
    key: isWide(shape, change) ? undefined : shape.keyOf(change.op === 'upsert' ? change.row : change.where),
    change,
  }));
  // A row whose first change in the batch upserts every column ends the same whatever was stored
  // (most rows of a backlog: timeline entries, history versions), so it is not read; should the
  // batch then delete it, the delete is sent anyway.
  const unread = new Set<string>();
  const toRead = new Set<string>();
  const wide = new Map<string, { where: object; set: object }>();
  for (const { key, change } of keyed) {
    if (key === undefined) {
      if (change.op === 'update') {
        wide.set(JSON.stringify([columnsOf(shape, change.where), columnsOf(shape, change.set)]), { where: change.where, set: change.set });
      }
      continue;
    }
    if (unread.has(key) || toRead.has(key)) continue;
    if (change.op === 'upsert' && coversEveryColumn(shape, change.row)) unread.add(key);
    else toRead.add(key);
  }
  const found: { row: StoredRow }[] = toRead.size > 0 ? await manager.query(shape.select, [[...toRead]]) : [];
  // Rows that match a wide update's condition now and that it would change (an erasure meets every
  // row of a long history, few of which still hold what it blanks); a row that comes to match it
  // later in the batch was touched by a change naming its key, so it is read above or made in memory.
  for (const { where, set } of wide.values()) {
    const [sql, params] = selectWhere(shape, where, set);
    const matching: { row: StoredRow }[] = await manager.query(sql, params);
    found.push(...matching);
  }
  const rows = new Map<string, StoredRow | null>();
  const stored = new Set<string>();
  for (const { row } of found) {
    const key = shape.keyOf({ [shape.keyProperty]: row[shape.keyColumn] });
    rows.set(key, row);
    stored.add(key);
  }
  const touched = new Set<string>();

  for (const { key, change } of keyed) {
    if (key === undefined) {
      if (change.op !== 'update') continue;
      const set = columnsOf(shape, change.set);
      for (const [rowKey, current] of rows) {
        if (
          current &&
          matches(shape, current, change.where) &&
          Object.entries(set).some(([column, value]) => !sameValue(current[column], value))
        ) {
          rows.set(rowKey, { ...current, ...set });
          touched.add(rowKey);
        }
      }
      continue;
    }
    const current = rows.get(key) ?? null;
    switch (change.op) {
      case 'upsert':
        rows.set(key, { ...(current ?? shape.newRow), ...columnsOf(shape, change.row) });
        touched.add(key);
        break;
      case 'update':
        if (current && matches(shape, current, change.where)) {
          rows.set(key, { ...current, ...columnsOf(shape, change.set) });
          touched.add(key);
        }
        break;
      case 'increment':
        if (current && matches(shape, current, change.where)) {
          const column = columnOf(shape, change.column).name;
          const value = current[column];
          // As in SQL, a null stays null.
          rows.set(key, { ...current, [column]: value === null ? null : Number(value) + change.by });
          touched.add(key);
        }
        break;
      case 'delete':
        if (current && matches(shape, current, change.where)) {
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
    else if (stored.has(key) || unread.has(key)) deleted.push(key);
  }
  if (deleted.length > 0) await manager.query(shape.delete, [deleted]);
  if (written.length > 0) await manager.query(shape.upsert, [JSON.stringify(written)]);
}

/** An update whose condition leaves the primary key out: it applies to every row that matches. */
function isWide(shape: TableShape, change: RowChange): boolean {
  return change.op === 'update' && (change.where as Record<string, unknown>)[shape.keyProperty] === undefined;
}

function selectWhere(shape: TableShape, where: object, set: object): [string, unknown[]] {
  const params: unknown[] = [];
  const parameter = (column: Column, value: unknown) => {
    // node-postgres sends an array as a PostgreSQL array; a JSON column is compared with JSON text.
    params.push(value === null ? null : column.type === 'jsonb' || column.type === 'json' ? JSON.stringify(toJson(value)) : toJson(value));
    return `$${params.length}::${column.type}`;
  };
  const conditions = Object.entries(where)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      if (value === null) throw new Error(`${shape.name}: a row change cannot match ${property} on null`);
      const column = columnOf(shape, property);
      return `t."${column.name}" = ${parameter(column, value)}`;
    });
  if (conditions.length === 0) throw new Error(`${shape.name}: an update names the rows it changes`);
  const changes = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const column = columnOf(shape, property);
      return `t."${column.name}" IS DISTINCT FROM ${parameter(column, value)}`;
    });
  if (changes.length === 0) return [`${shape.selectFrom} WHERE false`, []];
  return [`${shape.selectFrom} WHERE ${conditions.join(' AND ')} AND (${changes.join(' OR ')})`, params];
}

/** Whether a stored column already holds a value, as `to_jsonb` gives it. */
function sameValue(stored: unknown, value: unknown): boolean {
  return JSON.stringify(stored) === JSON.stringify(value);
}

function coversEveryColumn(shape: TableShape, row: object): boolean {
  let covered = 0;
  for (const [property, value] of Object.entries(row)) if (value !== undefined && shape.columns.has(property)) covered += 1;
  return covered === shape.columns.size;
}

function columnOf(shape: TableShape, property: string): Column {
  const column = shape.columns.get(property);
  if (!column) throw new Error(`${shape.name} has no column ${property}`);
  return column;
}

/** Property names to column names; an undefined value changes nothing, as in TypeORM. */
function columnsOf(shape: TableShape, values: object): StoredRow {
  const row: StoredRow = {};
  for (const [property, value] of Object.entries(values)) {
    if (value !== undefined) row[columnOf(shape, property).name] = toJson(value);
  }
  return row;
}

function matches(shape: TableShape, row: StoredRow, where: object): boolean {
  return Object.entries(where).every(([property, value]) => {
    if (value === undefined) return true;
    if (value === null) throw new Error(`${shape.name}: a row change cannot match ${property} on null`);
    const column = columnOf(shape, property);
    const stored = row[column.name];
    if (column.uuid) return typeof stored === 'string' && stored.toLowerCase() === String(value).toLowerCase();
    return JSON.stringify(stored) === JSON.stringify(toJson(value));
  });
}

function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}
