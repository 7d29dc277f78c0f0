import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the timeline needs to answer "as known on" and "as true on" a date, a page at a time:
 * the last day each milestone's partial date could denote beside the first (in `sort_key`), who
 * recorded each milestone, from which source, and its last correction; and the same dating on
 * every version in the history, found by when it was recorded. The columns start empty: the
 * mutual-timeline and milestone-history projections are at version 2, so the projector rebuilds
 * both into fresh tables when it first starts after this migration, while these keep serving.
 */
export class TimelineAsKnownAndAsTrue1763900014000 implements MigrationInterface {
  name = 'TimelineAsKnownAndAsTrue1763900014000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE read_models.mutual_timeline
        ADD COLUMN last_day text,
        ADD COLUMN recorded_by text,
        ADD COLUMN source jsonb,
        ADD COLUMN corrected_at timestamptz,
        ADD COLUMN corrected_by text,
        ADD COLUMN correction_reason text`);
    await runner.query(`
      ALTER TABLE read_models.milestone_history
        ADD COLUMN precision text,
        ADD COLUMN sort_key text,
        ADD COLUMN last_day text`);
    await runner.query(`CREATE INDEX milestone_history_as_known ON read_models.milestone_history (mutual_id, recorded_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX read_models.milestone_history_as_known`);
    await runner.query(`ALTER TABLE read_models.milestone_history DROP COLUMN precision, DROP COLUMN sort_key, DROP COLUMN last_day`);
    await runner.query(`
      ALTER TABLE read_models.mutual_timeline
        DROP COLUMN last_day, DROP COLUMN recorded_by, DROP COLUMN source,
        DROP COLUMN corrected_at, DROP COLUMN corrected_by, DROP COLUMN correction_reason`);
  }
}
