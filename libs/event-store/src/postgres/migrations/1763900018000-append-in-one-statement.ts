import type { MigrationInterface, QueryRunner } from 'typeorm';

// An append as one function, called as one statement (its own transaction): one round trip
// where a transaction driven from the client took eight, and the lock on the stream is held
// for the statement only, not across network waits. The order inside keeps the guarantees
// postgres-event-store.ts explains: the advisory lock is taken before anything is written, so
// the transaction id (assigned by the first insert) of a later append to the same stream is
// always larger; the function is VOLATILE, so each statement in it takes a fresh snapshot and
// the revision read after the lock sees the append that held it. Nothing here notifies: a
// NOTIFY inside the transaction would take the cluster-wide notify lock and hold it through the
// commit's WAL flush, so the store sends its notice after the commit instead.
//
// The outcome is returned, not raised, so the caller builds the port's own errors:
// `appended` and `replayed` (the same event ids already stored in this stream, in this order)
// give the last event's revision and position; `wrong_expected_revision` gives the stream's
// actual revision (NULL: no stream); `stored_elsewhere` names the ids stored otherwise.
export class AppendInOneStatement1763900018000 implements MigrationInterface {
  name = 'AppendInOneStatement1763900018000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION event_store.append(
        appending_to text,
        expected text,
        event_ids uuid[],
        event_types text[],
        event_data jsonb[],
        event_metadata jsonb[],
        OUT outcome text,
        OUT last_revision bigint,
        OUT last_commit xid8,
        OUT last_prepare bigint,
        OUT stored_elsewhere uuid[])
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        actual bigint;
        satisfied boolean;
        earlier record;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(appending_to, 0));

        SELECT count(*) AS stored,
               coalesce(bool_and(found.stream_name = appending_to AND found.event_id = event_ids[found.n]), false) AS same_append,
               array_agg(found.event_id ORDER BY found.n) AS ids,
               (array_agg(found.stream_revision ORDER BY found.n DESC))[1] AS revision,
               (array_agg(found.transaction_id ORDER BY found.n DESC))[1] AS last_transaction,
               (array_agg(found.global_position ORDER BY found.n DESC))[1] AS last_global
          INTO earlier
          FROM (SELECT events.stream_name, events.event_id, events.stream_revision, events.transaction_id,
                       events.global_position, (row_number() OVER (ORDER BY events.stream_revision))::int AS n
                  FROM event_store.events WHERE events.event_id = ANY (event_ids)) found;
        IF earlier.stored > 0 THEN
          IF earlier.same_append AND earlier.stored = cardinality(event_ids) THEN
            outcome := 'replayed';
            last_revision := earlier.revision;
            last_commit := earlier.last_transaction;
            last_prepare := earlier.last_global;
          ELSE
            outcome := 'stored_elsewhere';
            stored_elsewhere := earlier.ids;
          END IF;
          RETURN;
        END IF;

        SELECT streams.revision INTO actual FROM event_store.streams WHERE streams.stream_name = appending_to;
        -- An exact revision is compared as numeric: revisions are unsigned 64-bit on the port.
        satisfied := CASE expected
                       WHEN 'any' THEN true
                       WHEN 'no_stream' THEN actual IS NULL
                       WHEN 'stream_exists' THEN actual IS NOT NULL
                       ELSE actual IS NOT NULL AND actual = expected::numeric
                     END;
        IF NOT satisfied THEN
          outcome := 'wrong_expected_revision';
          last_revision := actual;
          RETURN;
        END IF;

        -- Positions are drawn in revision order, so a stream's events keep their order in $all.
        WITH written AS (
          INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
          SELECT appending_to, coalesce(actual, -1) + appended.n, appended.id, appended.type, appended.data, appended.metadata
            FROM unnest(event_ids, event_types, event_data, event_metadata) WITH ORDINALITY
                 AS appended (id, type, data, metadata, n)
           ORDER BY appended.n
          RETURNING global_position)
        SELECT max(global_position) INTO last_prepare FROM written;
        last_revision := coalesce(actual, -1) + cardinality(event_ids);
        last_commit := pg_current_xact_id();
        INSERT INTO event_store.streams (stream_name, revision) VALUES (appending_to, last_revision)
          ON CONFLICT (stream_name) DO UPDATE SET revision = EXCLUDED.revision;
        outcome := 'appended';
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION event_store.append(text, text, uuid[], text[], jsonb[], jsonb[])`);
  }
}
