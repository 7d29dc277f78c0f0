import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projections that shared the one "read-models" checkpoint before each had its own. */
export const PROJECTIONS_OF_THE_SHARED_CHECKPOINT = [
  'mutual-summary',
  'mutual-timeline',
  'milestone-history',
  'registration-history',
  'study-summary',
  'study-history',
  'case-summary',
  'wave-progress',
  'interview-record',
  'contacts',
  'account-directory',
];

/**
 * Each projection follows the store from its own checkpoint. A database whose read models were
 * built under the shared checkpoint starts every projection where that one stood, so nothing is
 * applied a second time.
 */
export class ACheckpointPerProjection1763900012000 implements MigrationInterface {
  name = 'ACheckpointPerProjection1763900012000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at)
       SELECT projection, shared.commit_position, shared.prepare_position, shared.updated_at
         FROM read_models.projection_checkpoints shared, unnest($1::text[]) AS projection
        WHERE shared.name = 'read-models'
       ON CONFLICT (name) DO NOTHING`,
      [PROJECTIONS_OF_THE_SHARED_CHECKPOINT],
    );
    await runner.query(`DELETE FROM read_models.projection_checkpoints WHERE name = 'read-models'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // The shared checkpoint can only stand where the slowest projection stands.
    await runner.query(
      `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at)
       SELECT 'read-models', commit_position, prepare_position, updated_at
         FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])
        ORDER BY commit_position, prepare_position LIMIT 1`,
      [PROJECTIONS_OF_THE_SHARED_CHECKPOINT],
    );
    await runner.query(`DELETE FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`, [
      PROJECTIONS_OF_THE_SHARED_CHECKPOINT,
    ]);
  }
}
