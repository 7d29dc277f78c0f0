import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What became of each reminder: a contact's history (the contacts projection's: every event about
 * the contact, reminders sent and failed among them) and, per wave, the contacts it named or
 * reminded and whether each contact has opted out (the wave projection's), from which a wave's
 * reminded, failed and opted-out contacts are counted. The tables start empty: both projections
 * are at version 2, so the projector rebuilds them from the first event when it first starts after
 * this migration, and what was recorded before is projected then.
 */
export class ReminderOutcomes1763900020000 implements MigrationInterface {
  name = 'ReminderOutcomes1763900020000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE read_models.contact_history (
        event_id uuid PRIMARY KEY,
        contact_id uuid NOT NULL,
        case_id uuid NOT NULL,
        stream_revision bigint NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text,
        role text,
        consent_to_contact boolean,
        changed_fields jsonb,
        requested_by text,
        wave_id uuid,
        interview_id uuid,
        interviewed_on date,
        reminder_id text,
        kind text,
        days_before integer,
        window_version integer,
        message_id text,
        failure text,
        smtp_code integer,
        attempts integer,
        reason text
      )`);
    await runner.query(`CREATE INDEX contact_history_by_contact ON read_models.contact_history (contact_id, stream_revision)`);
    await runner.query(`
      CREATE TABLE read_models.wave_contacts (
        wave_contact text PRIMARY KEY,
        wave_id uuid NOT NULL,
        case_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        named boolean NOT NULL DEFAULT false,
        reminded boolean NOT NULL DEFAULT false,
        failed boolean NOT NULL DEFAULT false
      )`);
    await runner.query(`CREATE INDEX wave_contacts_by_wave ON read_models.wave_contacts (wave_id)`);
    await runner.query(`
      CREATE TABLE read_models.wave_case_contacts (
        contact_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        opted_out boolean NOT NULL DEFAULT false
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE read_models.wave_case_contacts`);
    await runner.query(`DROP TABLE read_models.wave_contacts`);
    await runner.query(`DROP TABLE read_models.contact_history`);
  }
}
