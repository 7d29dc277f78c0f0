import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One encryption key per data subject (a case contact). Personal fields inside events are
 * encrypted with it; deleting the row is the erasure: the events stay, unreadable.
 */
export class CreatePersonalDataKeys1763900003000 implements MigrationInterface {
  name = 'CreatePersonalDataKeys1763900003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS personal_data`);
    await runner.query(`
      CREATE TABLE personal_data.subject_keys (
        subject_id text PRIMARY KEY,
        key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA personal_data CASCADE`);
  }
}
