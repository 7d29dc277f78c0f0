import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reminder scheduler has put on the queue, case by case, and which study each case
 * belongs to: its own record, kept with its checkpoint, so that it can tell what to add, move or
 * remove when a case or its study changes, and notice a queue that has lost its jobs. Its
 * checkpoint starts again from the first event, so that every case enrolled so far is known.
 */
export class ReminderJobs1763900019000 implements MigrationInterface {
  name = 'ReminderJobs1763900019000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.reminder_cases (
        case_id uuid PRIMARY KEY,
        study_id uuid NOT NULL
      )`);
    await runner.query(`CREATE INDEX reminder_cases_by_study ON read_models.reminder_cases (study_id)`);
    await runner.query(`
      CREATE TABLE read_models.reminder_jobs (
        job_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        study_id uuid NOT NULL,
        wave_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        send_at timestamptz NOT NULL,
        scheduled_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX reminder_jobs_by_case ON read_models.reminder_jobs (case_id)`);
    await runner.query(`CREATE INDEX reminder_jobs_by_send_at ON read_models.reminder_jobs (send_at)`);
    await runner.query(
      `UPDATE read_models.projection_checkpoints SET commit_position = 0, prepare_position = 0 WHERE name = 'reminder-scheduler'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.reminder_jobs`);
    await runner.query(`DROP TABLE read_models.reminder_cases`);
  }
}
