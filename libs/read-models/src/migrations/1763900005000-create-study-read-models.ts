import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStudyReadModels1763900005000 implements MigrationInterface {
  name = 'CreateStudyReadModels1763900005000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.studies (
        study_id uuid PRIMARY KEY,
        title text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        aims text,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE read_models.waves (
        wave_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        study_id uuid NOT NULL,
        mutual_id uuid NOT NULL,
        wave_number integer NOT NULL,
        opens_on date NOT NULL,
        closes_on date NOT NULL,
        status text NOT NULL,
        interview_count integer NOT NULL DEFAULT 0,
        signed_off_at timestamptz,
        skipped_reason text,
        cancelled_reason text
      )`);
    await runner.query(`CREATE INDEX waves_by_study ON read_models.waves (study_id, opens_on)`);
    await runner.query(`CREATE INDEX waves_by_case ON read_models.waves (case_id, wave_number)`);
    // Wave events name only their case, and a projection sees one event at a time. The case's
    // row is always written first (CaseEnrolled opens the case's stream), so the database copies
    // its study and mutual into each new wave: dashboards then filter waves by study directly.
    await runner.query(`
      CREATE FUNCTION read_models.copy_case_into_wave() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT c.study_id, c.mutual_id INTO NEW.study_id, NEW.mutual_id FROM read_models.cases c WHERE c.case_id = NEW.case_id;
        RETURN NEW;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER waves_copy_case BEFORE INSERT ON read_models.waves
        FOR EACH ROW EXECUTE FUNCTION read_models.copy_case_into_wave()`);
    await runner.query(`
      CREATE TABLE read_models.interviews (
        interview_id uuid PRIMARY KEY,
        wave_id uuid NOT NULL,
        case_id uuid NOT NULL,
        role text NOT NULL,
        interviewed_on date NOT NULL,
        interviewer text NOT NULL,
        consent text NOT NULL,
        transcript_reference text,
        contact_id uuid
      )`);
    await runner.query(`CREATE INDEX interviews_by_wave ON read_models.interviews (wave_id, interviewed_on)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.interviews`);
    await runner.query(`DROP TABLE read_models.waves`);
    await runner.query(`DROP FUNCTION read_models.copy_case_into_wave()`);
    await runner.query(`DROP TABLE read_models.studies`);
  }
}
