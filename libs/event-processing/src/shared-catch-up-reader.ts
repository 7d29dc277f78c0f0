// Consumers that catch up from the same checkpoint in batches of the same size ask the store for
// the same pages; this reads each page once and hands it to all of them. Eleven projections
// catching up with a backlog then read `$all` about once instead of eleven times. A page is a
// gap-free prefix of what follows its position (the store returns settled events only), so one
// read a moment ago is still right, only perhaps shorter than a read now: a consumer that gets a
// short page has caught up, and its live subscription brings the rest.
import type { EventStore, Position, RecordedEvent } from '@casebook/event-store';
import { comparePositions, formatPosition } from '@casebook/event-store';

/** Up to `maxCount` events strictly after `after`, in `$all` order. */
export type CatchUpReader = (after: Position | 'start', maxCount: number) => Promise<RecordedEvent[]>;

export class SharedCatchUpReader {
  private readonly pages = new Map<string, Promise<RecordedEvent[]>>();

  /** `keep` pages are held, the oldest dropped first: enough for consumers a few batches apart. */
  constructor(
    private readonly store: EventStore,
    private readonly keep = 16,
  ) {}

  readonly read: CatchUpReader = (after, maxCount) => {
    const key = `${after === 'start' ? 'start' : formatPosition(after)}+${maxCount}`;
    let page = this.pages.get(key);
    if (!page) {
      page = this.fetch(after, maxCount);
      this.pages.set(key, page);
      // A failed read is not kept: the next consumer to ask reads again.
      page.catch(() => this.pages.delete(key));
      for (const oldest of this.pages.keys()) {
        if (this.pages.size <= this.keep) break;
        this.pages.delete(oldest);
      }
    }
    return page;
  };

  private async fetch(after: Position | 'start', maxCount: number): Promise<RecordedEvent[]> {
    if (after === 'start') return this.store.readAll({ fromPosition: 'start', maxCount });
    // Forward reads include their starting position; the event at `after` is already handled.
    const read = await this.store.readAll({ fromPosition: after, maxCount: maxCount + 1 });
    return read.filter((event) => comparePositions(event.position, after) > 0).slice(0, maxCount);
  }
}
