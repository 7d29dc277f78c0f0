// Applies the read-model projections: each batch of events, with the checkpoint that covers
// it, in one database transaction. Stopped or killed at any point, it resumes from the last
// committed batch: nothing is applied twice and nothing is missed. The checkpoint row is
// locked and compared inside that transaction, so even two runners started by mistake cannot
// both apply the same batch.
import type { DataSource } from 'typeorm';
import { fromStoredEvent } from '@casebook/domain';
import { EventStore, type Position, type RecordedEvent, comparePositions } from '@casebook/event-store';
import type { Projection } from '../projections/projection.js';
import { CheckpointMoved, CheckpointedConsumer, type ConsumerOptions, EventHandlingFailed } from './checkpointed-consumer.js';
import { applyRowChange } from './row-change-writer.js';

export class ProjectionRunner extends CheckpointedConsumer {
  constructor(
    store: EventStore,
    dataSource: DataSource,
    private readonly projections: Projection[],
    options: Partial<ConsumerOptions> = {},
  ) {
    super(store, dataSource, { checkpointName: 'read-models', ...options });
  }

  /** Applies one batch and moves the checkpoint past it, all or nothing. */
  async applyBatch(batch: RecordedEvent[], from: Position): Promise<Position> {
    return this.handle(batch, from);
  }

  protected async handle(batch: RecordedEvent[], from: Position): Promise<Position> {
    const last = batch[batch.length - 1].position;
    await this.dataSource.transaction(async (manager) => {
      const stored = await this.readCheckpoint(manager, true);
      if (comparePositions(stored, from) !== 0) throw new CheckpointMoved(this.checkpointName);
      for (const recorded of batch) {
        const event = fromStoredEvent(recorded.type, recorded.data);
        if (!event) continue;
        const projected = {
          event,
          streamName: recorded.streamName,
          revision: recorded.revision,
          position: recorded.position,
          recordedAt: recorded.created,
          metadata: recorded.metadata,
          eventId: recorded.id,
        };
        try {
          for (const projection of this.projections) {
            for (const change of projection.project(projected)) await applyRowChange(manager, change);
          }
        } catch (error) {
          throw new EventHandlingFailed(recorded, error);
        }
      }
      await this.writeCheckpoint(manager, last);
    });
    return last;
  }
}
