// The set-based writer against the simple model of what row changes mean: the same histories,
// run through every projection, give the same tables whether each row change is its own
// TypeORM statement, in order, or a batch's changes are folded in memory and written as a few
// multi-row statements per table, however the history is cut into batches.
import fc from 'fast-check';
import type { DataSource, EntityManager } from 'typeorm';
import { assertNever, domainEventTypes } from '@casebook/domain';
import { ALL_EVENT_TYPES, HOSTILE_TEXTS, eventSequence } from '../../../../test/support/event-sequences.js';
import { readModelTables } from '../../../../test/support/read-model-tables.js';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { createDataSource, READ_MODEL_ENTITIES } from '../data-source.js';
import { ProjectionCheckpoint } from '../entities/projection-checkpoint.entity.js';
import { READ_MODEL_PROJECTIONS } from '../projections/index.js';
import type { ProjectedEvent, RowChange } from '../projections/projection.js';
import { applyRowChanges } from './row-changes-writer.js';

/** The model: each change its own statement, as TypeORM's repository methods write it. */
async function applyOneByOne(manager: EntityManager, change: RowChange): Promise<void> {
  switch (change.op) {
    case 'upsert':
      await manager.upsert(change.entity, change.row, { conflictPaths: change.conflictPaths });
      return;
    case 'update':
      await manager.update(change.entity, change.where, change.set);
      return;
    case 'increment':
      await manager.increment(change.entity, change.where, change.column, change.by);
      return;
    case 'delete':
      await manager.delete(change.entity, change.where);
      return;
    default:
      assertNever(change);
  }
}

const TABLES = READ_MODEL_ENTITIES.filter((entity) => entity !== ProjectionCheckpoint);

describe('the set-based row writer', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tables = () => readModelTables(dataSource);

  async function empty(): Promise<void> {
    const names = TABLES.map((entity) => {
      const metadata = dataSource.getMetadata(entity);
      return `"${metadata.schema}"."${metadata.tableName}"`;
    });
    await dataSource.query(`TRUNCATE ${names.join(', ')}`);
  }

  const changesOf = (events: ProjectedEvent[]) =>
    READ_MODEL_PROJECTIONS.map((projection) => events.flatMap((event) => projection.project(event)));

  it('draws histories from every event type there is', () => {
    expect([...ALL_EVENT_TYPES].sort()).toEqual(domainEventTypes().sort());
  });

  it('writes the same rows as one statement per change, for histories cut into batches anywhere', async () => {
    const deadline = Date.now() + 30_000;
    let compared = 0;
    let rowsCompared = 0;
    const hostileStored = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        eventSequence(),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 10 }),
        async (events, cuts) => {
          if (Date.now() > deadline) return;
          await empty();
          await dataSource.transaction(async (manager) => {
            for (const event of events) {
              for (const projection of READ_MODEL_PROJECTIONS) {
                for (const change of projection.project(event)) await applyOneByOne(manager, change);
              }
            }
          });
          const expected = await tables();

          await empty();
          // Each projection on its own, as its processor runs it, in batches of the drawn sizes.
          for (let start = 0, cut = 0; start < events.length; cut += 1) {
            const size = cuts[cut % cuts.length];
            const batch = events.slice(start, start + size);
            start += size;
            await dataSource.transaction(async (manager) => {
              for (const changes of changesOf(batch)) await applyRowChanges(manager, changes);
            });
          }
          const actual = await tables();
          expect(actual).toEqual(expected);
          compared += 1;
          rowsCompared += Object.values(expected).reduce((sum, rows) => sum + rows.length, 0);
          const stored = JSON.stringify(expected);
          for (const text of HOSTILE_TEXTS) if (stored.includes(JSON.stringify(text).slice(1, -1))) hostileStored.add(text);
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
    expect(compared).toBeGreaterThan(0);
    // The histories reach the tables: they are not empty.
    expect(rowsCompared).toBeGreaterThan(compared * 5);
    // Every kind of hostile text reached the tables, and came back as it went in.
    expect([...hostileStored].sort()).toEqual([...HOSTILE_TEXTS].sort());
  }, 120_000);
});
