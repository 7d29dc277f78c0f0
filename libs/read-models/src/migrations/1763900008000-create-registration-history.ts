import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry: every version of each registration, and the order the mutuals list pages in
 * (by name regardless of case, then id, so that a cursor names one place in it).
 */
export class CreateRegistrationHistory1763900008000 implements MigrationInterface {
  name = 'CreateRegistrationHistory1763900008000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.registration_history (
        event_id uuid PRIMARY KEY,
        mutual_id uuid NOT NULL,
        change text NOT NULL,
        details jsonb NOT NULL,
        reason text,
        recorded_by text,
        source jsonb,
        recorded_at timestamptz NOT NULL,
        stream_revision bigint NOT NULL
      )`);
    await runner.query(`CREATE INDEX registration_history_by_mutual ON read_models.registration_history (mutual_id, stream_revision)`);
    await runner.query(`CREATE INDEX mutuals_by_name ON read_models.mutuals (lower(name), id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX read_models.mutuals_by_name`);
    await runner.query(`DROP TABLE read_models.registration_history`);
  }
}
