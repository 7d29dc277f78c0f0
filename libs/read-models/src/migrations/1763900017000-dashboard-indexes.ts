import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A study's dashboard pages its cases in enrolment order and counts each case's interviews by role. */
export class DashboardIndexes1763900017000 implements MigrationInterface {
  name = 'DashboardIndexes1763900017000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX cases_in_enrolment_order ON read_models.cases (study_id, enrolled_at, case_id)`);
    await runner.query(`CREATE INDEX interviews_by_case ON read_models.interviews (case_id, role)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX read_models.interviews_by_case`);
    await runner.query(`DROP INDEX read_models.cases_in_enrolment_order`);
  }
}
