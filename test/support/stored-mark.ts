// What the event store holds, to compare before and after a request that must record nothing.
import type { Client } from 'pg';
import { type EventStore, formatPosition } from '@casebook/event-store';
import type { Harness } from './casebook-harness.js';

/**
 * On PostgreSQL the rows of event_store.events: $all reads there show only transactions older
 * than every one still running, so a mark read from them may lag. On EventStoreDB the last event
 * of $all (read backwards; a page, as system events are left out after the read): $all only
 * grows, so an unchanged last event means nothing was appended, and one page is read per check
 * where counting would read the whole, growing log every time.
 */
export async function storedMark(casebook: Harness, database: Client, store: EventStore): Promise<string> {
  if (casebook.config.eventStore === 'postgres') {
    const { rows } = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events');
    return `${rows[0].n} events`;
  }
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 16 });
  return last ? `last event ${last.id} at ${formatPosition(last.position)}` : 'no events';
}
