// The projector: one processor per projection, each following `$all` from its own checkpoint,
// so that one projection failing on an event holds up no other. A projection whose checkpoint
// was written by another version of it is first rebuilt into fresh tables while its current
// tables keep serving (projection-rebuild.ts); its processor starts once the new tables are in.
import type { DataSource } from 'typeorm';
import { type EventStore, type Position, comparePositions } from '@casebook/event-store';
import type { Projection } from '../projections/projection.js';
import { type ConsumerOptions, SharedCatchUpReader } from '@casebook/event-processing';
import { ProjectionProcessor } from './projection-processor.js';
import { type RebuildProgress, RebuildAlreadyRunning, rebuildProjection } from './projection-rebuild.js';

export interface ProjectorOptions extends Omit<Partial<ConsumerOptions>, 'checkpointName' | 'version'> {
  /** Between lines reporting an automatic rebuild's progress. */
  rebuildReportMs?: number;
}

interface Gate {
  controller: AbortController;
  done: Promise<void>;
  failure?: string;
}

export class Projector {
  readonly processors: ProjectionProcessor[];
  private readonly gates = new Map<ProjectionProcessor, Gate>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: Projection[],
    private readonly options: ProjectorOptions = {},
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
    const { rebuildReportMs: _, ...consumer } = options;
    this.processors = projections.map(
      (projection) => new ProjectionProcessor(store, dataSource, projection, { maxBatchSize: 1000, catchUp, ...consumer }),
    );
  }

  get checkpointNames(): string[] {
    return this.processors.map((processor) => processor.checkpointName);
  }

  /** Starts every processor whose tables are of its projection's version, and rebuilds the others first. */
  start(): void {
    for (const processor of this.processors) {
      if (this.gates.has(processor)) continue;
      const gate: Gate = { controller: new AbortController(), done: Promise.resolve() };
      gate.done = this.startWhenCurrent(processor, gate);
      this.gates.set(processor, gate);
    }
  }

  async stop(graceMs?: number): Promise<void> {
    const gates = [...this.gates.values()];
    for (const gate of gates) gate.controller.abort();
    await Promise.all(gates.map((gate) => gate.done));
    this.gates.clear();
    await Promise.all(this.processors.map((processor) => processor.stop(graceMs)));
  }

  /** The checkpoint of the projection furthest behind: everything up to it is in every read model. */
  async slowestCheckpoint(): Promise<Position> {
    const checkpoints = await Promise.all(this.processors.map((processor) => processor.readCheckpoint()));
    return checkpoints.reduce((slowest, checkpoint) => (comparePositions(checkpoint, slowest) < 0 ? checkpoint : slowest));
  }

  /** The processors that are retrying, and rebuilds that failed, with why. */
  get failures(): { checkpointName: string; failure: string }[] {
    return this.processors.flatMap((processor) => {
      const failure = processor.failure ?? this.gates.get(processor)?.failure;
      return failure === undefined ? [] : [{ checkpointName: processor.checkpointName, failure }];
    });
  }

  private async startWhenCurrent(processor: ProjectionProcessor, gate: Gate): Promise<void> {
    const { projection } = processor;
    const { signal } = gate.controller;
    const logger = this.options.logger;
    let delay = 1000;
    while (!signal.aborted) {
      try {
        const rows: { version: number }[] = await this.dataSource.query(
          `SELECT version FROM read_models.projection_checkpoints WHERE name = $1`,
          [processor.checkpointName],
        );
        // No checkpoint yet: the tables hold nothing to serve, so the processor builds them in place.
        if (!rows[0] || rows[0].version === projection.version) {
          gate.failure = undefined;
          processor.start();
          return;
        }
        logger?.info(
          { projection: projection.name, from: rows[0].version, to: projection.version },
          `${projection.name} was built by version ${rows[0].version}; rebuilding it at version ${projection.version} while its tables keep serving`,
        );
        const outcome = await rebuildProjection(this.store, this.dataSource, projection, {
          signal,
          logger,
          onProgress: this.progressLines(projection.name),
        });
        logger?.info(
          { projection: projection.name, events: outcome.events, seconds: outcome.seconds },
          `${projection.name} rebuilt at version ${outcome.version}: ${outcome.events} events in ${outcome.seconds.toFixed(1)} s`,
        );
      } catch (error) {
        if (signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        // Another process rebuilding it (`npm run projections -- rebuild`) is no failure: its
        // switch records the new version, and the next look starts the processor.
        if (!(error instanceof RebuildAlreadyRunning)) gate.failure = `rebuild failed: ${message}`;
        logger?.warn(
          { projection: projection.name, retryInMs: delay, err: error },
          `${projection.name}: ${message}; looking again in ${delay} ms`,
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          const woken = () => {
            clearTimeout(timer);
            resolve();
          };
          signal.addEventListener('abort', woken, { once: true });
        });
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private progressLines(name: string): (progress: RebuildProgress) => void {
    const every = this.options.rebuildReportMs ?? 10_000;
    let last = 0;
    return (progress) => {
      const now = Date.now();
      if (progress.phase === 'building' && now - last < every) return;
      last = now;
      this.options.logger?.info(
        { projection: name, events: progress.events, estimatedTotal: progress.estimatedTotal, phase: progress.phase },
        `${name} rebuild ${progress.phase}: ${progress.events} of about ${progress.estimatedTotal} events (${Math.round(progress.fraction * 100)}%)`,
      );
    };
  }
}
