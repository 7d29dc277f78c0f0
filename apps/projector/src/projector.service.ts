import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore, subscribersHeldBack } from '@casebook/event-store';
import { Projector, READ_MODEL_PROJECTIONS } from '@casebook/read-models';
import { ProjectorMetrics } from './projector-metrics.js';

/** Runs the read-model projections, each from its own checkpoint, for as long as the app lives. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly projector: Projector;
  readonly metrics: ProjectorMetrics;

  constructor(
    store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    logger.setContext('projector');
    // The store's events live in the database the read models do.
    const heldBack =
      config.eventStore === 'postgres' ? () => subscribersHeldBack((sql, params) => dataSource.query(sql, params)) : undefined;
    this.metrics = new ProjectorMetrics(
      READ_MODEL_PROJECTIONS.map((projection) => projection.name),
      heldBack,
    );
    // Each processor logs a line per batch, with the batch's correlation ids on every line
    // written while it is applied (PinoLogger.runInContext).
    this.projector = new Projector(store, dataSource, READ_MODEL_PROJECTIONS, { logger, observer: this.metrics });
  }

  onApplicationBootstrap(): void {
    this.projector.start();
    const { checkpointNames } = this.projector;
    this.logger.info(
      { checkpoints: checkpointNames },
      `Following the event store into ${checkpointNames.length} projections: ${checkpointNames.join(', ')}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}
