import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each checkpoint records the version of the projection that built its tables, so that a
 * projector started with a newer version knows to rebuild them. Every projection so far is at
 * version 1.
 */
export class ProjectionVersions1763900013000 implements MigrationInterface {
  name = 'ProjectionVersions1763900013000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE read_models.projection_checkpoints ADD COLUMN version integer NOT NULL DEFAULT 1`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE read_models.projection_checkpoints DROP COLUMN version`);
  }
}
