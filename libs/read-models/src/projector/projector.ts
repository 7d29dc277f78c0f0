// The projector: one processor per projection, each following `$all` from its own checkpoint,
// so that one projection failing on an event holds up no other.
import type { DataSource } from 'typeorm';
import { type EventStore, type Position, comparePositions } from '@casebook/event-store';
import type { Projection } from '../projections/projection.js';
import { type ConsumerOptions, SharedCatchUpReader } from '@casebook/event-processing';
import { ProjectionProcessor } from './projection-processor.js';

export class Projector {
  readonly processors: ProjectionProcessor[];

  constructor(
    store: EventStore,
    dataSource: DataSource,
    projections: Projection[],
    options: Omit<Partial<ConsumerOptions>, 'checkpointName'> = {},
  ) {
    const names = projections.map((projection) => projection.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    // Two projections under one name would share one checkpoint and skip each other's events.
    if (repeated) throw new Error(`Two projections are named "${repeated}"; each needs its own checkpoint`);
    // Batches as large as 1,000 events while catching up (a live projector gets what has just
    // arrived, usually one event): each batch costs a few statements per table, whatever its size.
    // The processors catch up from one shared reader: standing together, they read each page of
    // a backlog once between them.
    const catchUp = new SharedCatchUpReader(store).read;
    this.processors = projections.map(
      (projection) => new ProjectionProcessor(store, dataSource, projection, { maxBatchSize: 1000, catchUp, ...options }),
    );
  }

  get checkpointNames(): string[] {
    return this.processors.map((processor) => processor.checkpointName);
  }

  start(): void {
    for (const processor of this.processors) processor.start();
  }

  async stop(graceMs?: number): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.stop(graceMs)));
  }

  /** The checkpoint of the projection furthest behind: everything up to it is in every read model. */
  async slowestCheckpoint(): Promise<Position> {
    const checkpoints = await Promise.all(this.processors.map((processor) => processor.readCheckpoint()));
    return checkpoints.reduce((slowest, checkpoint) => (comparePositions(checkpoint, slowest) < 0 ? checkpoint : slowest));
  }

  /** The processors that are retrying, with why. */
  get failures(): { checkpointName: string; failure: string }[] {
    return this.processors.flatMap(({ checkpointName, failure }) => (failure === undefined ? [] : [{ checkpointName, failure }]));
  }
}
