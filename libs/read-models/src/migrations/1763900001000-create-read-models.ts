import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReadModels1763900001000 implements MigrationInterface {
  name = 'CreateReadModels1763900001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS read_models`);
    await runner.query(`
      CREATE TABLE read_models.mutuals (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        service_areas text[] NOT NULL,
        region text,
        legal_form text,
        parent_body text,
        spun_out_on text,
        milestone_count integer NOT NULL DEFAULT 0,
        version integer NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE read_models.mutual_timeline (
        milestone_id uuid PRIMARY KEY,
        mutual_id uuid NOT NULL,
        type text NOT NULL,
        occurred_on text NOT NULL,
        precision text NOT NULL,
        sort_key text NOT NULL,
        details jsonb NOT NULL,
        stream_revision bigint NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX mutual_timeline_order ON read_models.mutual_timeline (mutual_id, sort_key, stream_revision)`);
    await runner.query(`
      CREATE TABLE read_models.projection_checkpoints (
        name text PRIMARY KEY,
        commit_position numeric(20, 0) NOT NULL,
        prepare_position numeric(20, 0) NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA read_models CASCADE`);
  }
}
