import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMilestoneHistory1763900004000 implements MigrationInterface {
  name = 'CreateMilestoneHistory1763900004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.milestone_history (
        event_id uuid PRIMARY KEY,
        milestone_id uuid NOT NULL,
        mutual_id uuid NOT NULL,
        change text NOT NULL,
        type text,
        occurred_on text,
        values jsonb,
        reason text,
        recorded_by text,
        source jsonb,
        recorded_at timestamptz NOT NULL,
        stream_revision bigint NOT NULL
      )`);
    await runner.query(`CREATE INDEX milestone_history_by_milestone ON read_models.milestone_history (milestone_id, stream_revision)`);
    // Which milestone is the spin-out, so that retracting it clears the mutual's spin-out date.
    await runner.query(`ALTER TABLE read_models.mutuals ADD COLUMN spun_out_milestone_id uuid`);
    // Until a mutual is enrolled in a study, only administrators and whoever registered it see it.
    await runner.query(`ALTER TABLE read_models.mutuals ADD COLUMN registered_by text`);
    await runner.query(`
      CREATE TABLE read_models.cases (
        case_id uuid PRIMARY KEY,
        study_id uuid NOT NULL,
        mutual_id uuid NOT NULL,
        selection jsonb NOT NULL,
        status text NOT NULL,
        earlier_case_id uuid,
        withdrawn_reason text,
        enrolled_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await runner.query(`CREATE INDEX cases_by_mutual ON read_models.cases (mutual_id)`);
    await runner.query(`CREATE INDEX cases_by_study ON read_models.cases (study_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.cases`);
    await runner.query(`ALTER TABLE read_models.mutuals DROP COLUMN registered_by`);
    await runner.query(`ALTER TABLE read_models.mutuals DROP COLUMN spun_out_milestone_id`);
    await runner.query(`DROP TABLE read_models.milestone_history`);
  }
}
