import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Results of writes sent with an Idempotency-Key, so a retried request gets the first answer. */
export class CreateIdempotencyKeys1763900002000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763900002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS api`);
    await runner.query(`
      CREATE TABLE api.idempotency_keys (
        account_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('in-progress', 'done')),
        status integer,
        body jsonb,
        headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, key)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE api.idempotency_keys`);
  }
}
