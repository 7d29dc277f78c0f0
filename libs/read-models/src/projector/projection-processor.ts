// Applies one projection: each batch of events, with the projection's own checkpoint, in one
// database transaction, its row changes written as a few statements per table
// (row-changes-writer.ts). Stopped or killed at any point, it resumes from its last committed
// batch: nothing is applied twice and nothing is missed. The checkpoint row is locked and
// compared inside that transaction, so even two processors started by mistake cannot both
// apply the same batch. An event the projection cannot apply stops this projection only:
// the events before it are committed, the failure is recorded on its checkpoint row, and the
// processor retries from that event, while every other projection goes on.
import type { DataSource, EntityManager } from 'typeorm';
import { fromStoredEvent, storedTypesOf } from '@casebook/domain';
import { EventStore, type Position, type RecordedEvent, comparePositions } from '@casebook/event-store';
import type { ProjectedEvent, Projection, RowChange } from '../projections/projection.js';
import { CheckpointMoved, CheckpointedConsumer, type ConsumerOptions, EventHandlingFailed } from '@casebook/event-processing';
import { applyRowChanges } from './row-changes-writer.js';

export interface ProcessorOptions extends Partial<ConsumerOptions> {
  /** Rows go to the projection's tables under this suffix: a rebuild's fresh tables. */
  tableSuffix?: string;
}

export class ProjectionProcessor extends CheckpointedConsumer {
  private readonly tableSuffix: string;
  /** The stored types (every version) of the events the projection handles. */
  private readonly handled: Set<string>;

  constructor(
    store: EventStore,
    dataSource: DataSource,
    readonly projection: Projection,
    { tableSuffix = '', ...options }: ProcessorOptions = {},
  ) {
    const handled = storedTypesOf(projection.handles);
    super(store, dataSource, { checkpointName: projection.name, version: projection.version, eventTypes: [...handled], ...options });
    this.tableSuffix = tableSuffix;
    this.handled = handled;
  }

  /** Applies one batch and moves the checkpoint past it, all or nothing. */
  async applyBatch(batch: RecordedEvent[], from: Position): Promise<Position> {
    return this.handle(batch, from, batch[batch.length - 1].position);
  }

  /** Writes the rows of a batch inside a transaction the caller holds, checkpoint untouched. */
  async applyWithin(manager: EntityManager, batch: RecordedEvent[]): Promise<void> {
    await applyRowChanges(
      manager,
      batch.flatMap((recorded) => this.changesOf(recorded)),
      this.tableSuffix,
    );
  }

  protected async handle(batch: RecordedEvent[], from: Position, to: Position): Promise<Position> {
    const last = to;
    try {
      // The usual case: the whole batch's row changes as a few statements per table.
      await this.dataSource.transaction(async (manager) => {
        await this.lockCheckpointAt(manager, from);
        await this.applyWithin(manager, batch);
        await this.writeCheckpoint(manager, last);
      });
      return last;
    } catch (error) {
      if (error instanceof CheckpointMoved || !this.isEventFailure(error) || batch.length === 0) throw error;
    }
    // Something in the batch cannot be applied: find the event, one at a time.
    const failed = await this.applyOneEventAtATime(batch, from, last);
    if (!failed) return last;
    // The failed transaction rolled back; the events before the failing one are committed on
    // their own, so the projection stands just before the event it cannot apply.
    const { index, error } = failed;
    if (index > 0) {
      const before = batch.slice(0, index);
      const again = await this.applyOneEventAtATime(before, from, before[before.length - 1].position);
      if (again) throw new EventHandlingFailed(before[again.index], again.error);
    }
    throw new EventHandlingFailed(batch[index], error);
  }

  private async lockCheckpointAt(manager: EntityManager, from: Position): Promise<void> {
    const stored = await this.readCheckpoint(manager, true);
    if (comparePositions(stored, from) !== 0) throw new CheckpointMoved(this.checkpointName);
  }

  /** The index and error of the event that failed, after rolling the whole batch back; none when all applied. */
  private async applyOneEventAtATime(
    batch: RecordedEvent[],
    from: Position,
    to: Position,
  ): Promise<{ index: number; error: unknown } | undefined> {
    let failed: { index: number; error: unknown } | undefined;
    await this.dataSource
      .transaction(async (manager) => {
        await this.lockCheckpointAt(manager, from);
        for (const [index, recorded] of batch.entries()) {
          try {
            await applyRowChanges(manager, this.changesOf(recorded), this.tableSuffix);
          } catch (error) {
            failed = { index, error };
            throw error;
          }
        }
        await this.writeCheckpoint(manager, to);
      })
      .catch((error: unknown) => {
        // Only a failure of the projection on one event is isolated; the store or the database
        // going away, or another processor moving the checkpoint, is the consumer loop's to handle.
        if (!failed || failed.error !== error || !this.isEventFailure(error)) throw error;
      });
    return failed;
  }

  private changesOf(recorded: RecordedEvent): RowChange[] {
    // Most events concern a few projections: the rest pass without being decoded.
    if (!this.handled.has(recorded.type)) return [];
    const event = fromStoredEvent(recorded.type, recorded.data);
    if (!event) return [];
    const projected: ProjectedEvent = {
      event,
      streamName: recorded.streamName,
      revision: recorded.revision,
      position: recorded.position,
      recordedAt: recorded.created,
      metadata: recorded.metadata,
      eventId: recorded.id,
    };
    return this.projection.project(projected);
  }

  /**
   * A lost connection is not the event's fault: retrying it after the back-off is right, and
   * recording it as the event's failure would blame an innocent event.
   */
  private isEventFailure(error: unknown): boolean {
    if (!(error instanceof Error)) return true;
    const code = (error as { code?: unknown }).code;
    // SQLSTATE classes 08 (connection), 57 (operator intervention: shutdown, cancel) and 53
    // (insufficient resources) say nothing about the event.
    if (typeof code === 'string' && /^(08|57|53)/.test(code)) return false;
    return !/Connection terminated|ECONNREFUSED|ECONNRESET|connection.*(closed|ended)/i.test(error.message);
  }
}
