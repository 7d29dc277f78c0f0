// A database whose read models were built by the single projector of earlier releases (one
// shared checkpoint, a trigger filling each wave's study and mutual) is upgraded in place: every
// projection starts where the shared checkpoint stood, so nothing is applied twice or skipped,
// and the waves keep their study and mutual through the wave projection's own table.
import { randomUUID } from 'node:crypto';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { MIGRATIONS, createDataSource, runMigrations } from '../data-source.js';
import { PROJECTIONS_OF_THE_SHARED_CHECKPOINT } from './1763900012000-a-checkpoint-per-projection.js';

describe('upgrading to a checkpoint per projection', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('starts every projection at the shared checkpoint and keeps each wave with its study and mutual', async () => {
    const dataSource = await createDataSource(database.url, { poolSize: 1 }).initialize();
    try {
      // Back to the schema of the single projector: every migration from the wave cases on undone.
      const since = MIGRATIONS.findIndex((migration) => migration.name === 'WaveCasesOfTheWaveProjection1763900011000');
      for (let undo = MIGRATIONS.length - since; undo > 0; undo--) await dataSource.undoLastMigration({ transaction: 'each' });
      const [caseId, studyId, mutualId, waveId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await dataSource.query(
        `INSERT INTO read_models.cases (case_id, study_id, mutual_id, selection, status, enrolled_at, version)
         VALUES ($1, $2, $3, '{}', 'enrolled', now(), 1)`,
        [caseId, studyId, mutualId],
      );
      await dataSource.query(
        `INSERT INTO read_models.waves (wave_id, case_id, wave_number, opens_on, closes_on, status)
         VALUES ($1, $2, 1, '2025-03-03', '2025-04-25', 'scheduled')`,
        [waveId, caseId],
      );
      await dataSource.query(
        `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at)
         VALUES ('read-models', 4711, 4711, now()), ('reminder-scheduler', 90, 90, now())`,
      );
      await dataSource.destroy();

      expect(await runMigrations(database.url)).toEqual([
        'WaveCasesOfTheWaveProjection1763900011000',
        'ACheckpointPerProjection1763900012000',
        'ProjectionVersions1763900013000',
        'TimelineAsKnownAndAsTrue1763900014000',
        'CreateExportAudit1763900016000',
        'DashboardIndexes1763900017000',
        'AppendInOneStatement1763900018000',
        'ReminderJobs1763900019000',
        'ReminderOutcomes1763900020000',
      ]);

      await dataSource.initialize();
      const checkpoints: { name: string; commit: string; prepare: string }[] = await dataSource.query(
        `SELECT name, commit_position::text AS commit, prepare_position::text AS prepare
           FROM read_models.projection_checkpoints ORDER BY name`,
      );
      const expected = [
        // Projections added since start from the first event, with no checkpoint until they store one.
        ...PROJECTIONS_OF_THE_SHARED_CHECKPOINT.map((name) => ({ name, commit: '4711', prepare: '4711' })),
        // Kept by this upgrade, then started again by ReminderJobs1763900019000 so that it learns every case enrolled.
        { name: 'reminder-scheduler', commit: '0', prepare: '0' },
      ].sort((a, b) => a.name.localeCompare(b.name));
      expect(checkpoints).toEqual(expected);
      expect(await dataSource.query(`SELECT case_id, study_id, mutual_id FROM read_models.wave_cases`)).toEqual([
        { case_id: caseId, study_id: studyId, mutual_id: mutualId },
      ]);
      const triggers: unknown[] = await dataSource.query(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = 'read_models.waves'::regclass AND NOT tgisinternal`,
      );
      expect(triggers).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
});
