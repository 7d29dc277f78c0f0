import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The record of every export of research data, newest first, by study and by account. */
export class CreateExportAudit1763900016000 implements MigrationInterface {
  name = 'CreateExportAudit1763900016000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.export_audit (
        export_id uuid PRIMARY KEY,
        study_id uuid NOT NULL,
        view text NOT NULL,
        format text NOT NULL,
        level text NOT NULL,
        free_text boolean NOT NULL,
        filters jsonb NOT NULL,
        account_id uuid NOT NULL,
        exported_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX export_audit_order ON read_models.export_audit (exported_at, export_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.export_audit`);
  }
}
