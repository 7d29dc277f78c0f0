import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { EventStore } from '@casebook/event-store';
import { ProjectionRunner, READ_MODEL_PROJECTIONS } from '@casebook/read-models';

/** Runs the read-model projections for as long as the app lives. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(
    store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('projector');
    // The runner logs a line per batch, with the batch's correlation ids on every line written
    // while it is applied (PinoLogger.runInContext).
    this.runner = new ProjectionRunner(store, dataSource, READ_MODEL_PROJECTIONS, { logger });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
    this.logger.info(
      { checkpoint: this.runner.checkpointName },
      `Following the event store into the read models (checkpoint "${this.runner.checkpointName}")`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
