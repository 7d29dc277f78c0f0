import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day each wave outcome and withdrawal happened (events of version 2 carry it; version 1 is
 * read with the day it was recorded), a study's time zone, and every version of a study's
 * details. Rows projected before this migration get the new values only when the read models
 * are rebuilt from the events.
 */
export class AddOutcomeDaysAndStudyHistory1763900007000 implements MigrationInterface {
  name = 'AddOutcomeDaysAndStudyHistory1763900007000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE read_models.waves
        ADD COLUMN completed_on date,
        ADD COLUMN skipped_on date,
        ADD COLUMN cancelled_on date,
        ADD COLUMN signed_off_on date`);
    await runner.query(`ALTER TABLE read_models.cases ADD COLUMN withdrawn_on date`);
    await runner.query(`ALTER TABLE read_models.studies ADD COLUMN time_zone text`);
    await runner.query(`
      CREATE TABLE read_models.study_history (
        event_id uuid PRIMARY KEY,
        study_id uuid NOT NULL,
        version integer NOT NULL,
        change text NOT NULL,
        details jsonb NOT NULL,
        reason text,
        recorded_by text,
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX study_history_by_study ON read_models.study_history (study_id, version)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.study_history`);
    await runner.query(`ALTER TABLE read_models.studies DROP COLUMN time_zone`);
    await runner.query(`ALTER TABLE read_models.cases DROP COLUMN withdrawn_on`);
    await runner.query(
      `ALTER TABLE read_models.waves DROP COLUMN completed_on, DROP COLUMN skipped_on, DROP COLUMN cancelled_on, DROP COLUMN signed_off_on`,
    );
  }
}
