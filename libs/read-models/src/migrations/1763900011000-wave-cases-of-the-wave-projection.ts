import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wave projection keeps the study and mutual of each case in a table of its own, filled from
 * the cases' enrolment events, instead of a trigger copying them from the cases read model: with
 * a processor per projection the cases read model may stand at another position, and what a
 * projection does is then all in its code. Existing deployments get the table from the waves
 * and cases already projected.
 */
export class WaveCasesOfTheWaveProjection1763900011000 implements MigrationInterface {
  name = 'WaveCasesOfTheWaveProjection1763900011000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.wave_cases (
        case_id uuid PRIMARY KEY,
        study_id uuid NOT NULL,
        mutual_id uuid NOT NULL
      )`);
    await runner.query(`CREATE INDEX wave_cases_by_study ON read_models.wave_cases (study_id)`);
    await runner.query(
      `INSERT INTO read_models.wave_cases (case_id, study_id, mutual_id) SELECT case_id, study_id, mutual_id FROM read_models.cases`,
    );
    await runner.query(`DROP TRIGGER waves_copy_case ON read_models.waves`);
    await runner.query(`DROP FUNCTION read_models.copy_case_into_wave()`);
    await runner.query(`DROP INDEX read_models.waves_by_study`);
    await runner.query(`ALTER TABLE read_models.waves DROP COLUMN study_id, DROP COLUMN mutual_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE read_models.waves ADD COLUMN study_id uuid, ADD COLUMN mutual_id uuid`);
    await runner.query(`
      UPDATE read_models.waves w SET study_id = c.study_id, mutual_id = c.mutual_id
        FROM read_models.wave_cases c WHERE c.case_id = w.case_id`);
    await runner.query(`ALTER TABLE read_models.waves ALTER COLUMN study_id SET NOT NULL, ALTER COLUMN mutual_id SET NOT NULL`);
    await runner.query(`CREATE INDEX waves_by_study ON read_models.waves (study_id, opens_on)`);
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
    await runner.query(`DROP TABLE read_models.wave_cases`);
  }
}
