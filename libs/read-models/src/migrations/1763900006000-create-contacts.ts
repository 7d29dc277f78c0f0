import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContacts1763900006000 implements MigrationInterface {
  name = 'CreateContacts1763900006000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.contacts (
        contact_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        role text NOT NULL,
        consent_to_contact boolean NOT NULL,
        opted_out boolean NOT NULL DEFAULT false,
        erased boolean NOT NULL DEFAULT false,
        name text,
        email text
      )`);
    await runner.query(`CREATE INDEX contacts_by_case ON read_models.contacts (case_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.contacts`);
  }
}
