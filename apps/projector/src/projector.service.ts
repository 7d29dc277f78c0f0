import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EventStore } from '@casebook/event-store';
import { ProjectionRunner, READ_MODEL_PROJECTIONS } from '@casebook/read-models';

/** Runs the read-model projections for as long as the app lives. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projector');
  readonly runner: ProjectionRunner;

  constructor(store: EventStore, @InjectDataSource() dataSource: DataSource) {
    this.runner = new ProjectionRunner(store, dataSource, READ_MODEL_PROJECTIONS, { logger: this.logger });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
    this.logger.log(`Following the event store into the read models (checkpoint "${this.runner.checkpointName}")`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
