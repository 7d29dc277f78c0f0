import type { MigrationInterface, QueryRunner } from 'typeorm';

// transaction_id records which transaction wrote each event. Readers of $all only take
// events written by transactions older than every transaction still running
// (pg_snapshot_xmin), and order by (transaction_id, global_position); see
// postgres-event-store.ts for why a plain bigserial order would skip events.
export class CreateEventStore1763900000000 implements MigrationInterface {
  name = 'CreateEventStore1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS event_store`);
    await runner.query(`
      CREATE TABLE event_store.streams (
        stream_name text PRIMARY KEY,
        revision bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE event_store.events (
        global_position bigserial NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name text NOT NULL,
        stream_revision bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_pkey PRIMARY KEY (transaction_id, global_position),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_name, stream_revision),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA event_store CASCADE`);
  }
}
