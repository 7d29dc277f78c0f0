import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff names leave the interviews table: an interview refers to its interviewer's account, and
 * names come from the account directory, blanked when an account is erased. The directory fills
 * from the account events as the projector reads them.
 */
export class CreateAccountDirectory1763900009000 implements MigrationInterface {
  name = 'CreateAccountDirectory1763900009000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.account_directory (
        account_id uuid PRIMARY KEY,
        display_name text,
        erased boolean NOT NULL DEFAULT false
      )`);
    await runner.query(`ALTER TABLE read_models.interviews DROP COLUMN interviewer`);
    await runner.query(`ALTER TABLE read_models.interviews ADD COLUMN interviewer_account_id uuid`);
    await runner.query(`ALTER TABLE read_models.interviews ADD COLUMN recorded_by text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE read_models.interviews DROP COLUMN recorded_by`);
    await runner.query(`ALTER TABLE read_models.interviews DROP COLUMN interviewer_account_id`);
    await runner.query(`ALTER TABLE read_models.interviews ADD COLUMN interviewer text NOT NULL DEFAULT ''`);
    await runner.query(`DROP TABLE read_models.account_directory`);
  }
}
