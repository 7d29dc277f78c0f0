import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a consumer of `$all` last failed, so /health can name the event it is stuck on. */
export class RecordProjectionFailures1763900010000 implements MigrationInterface {
  name = 'RecordProjectionFailures1763900010000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE read_models.projection_checkpoints
        ADD COLUMN failed_at timestamptz,
        ADD COLUMN failure_position text,
        ADD COLUMN failure_event_type text,
        ADD COLUMN failure_stream text,
        ADD COLUMN failure_message text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE read_models.projection_checkpoints
        DROP COLUMN failed_at, DROP COLUMN failure_position, DROP COLUMN failure_event_type,
        DROP COLUMN failure_stream, DROP COLUMN failure_message`);
  }
}
