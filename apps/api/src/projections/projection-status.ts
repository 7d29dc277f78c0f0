import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore } from '@casebook/event-store';
import { ProjectionStatusReader } from '@casebook/read-models';

/** The read models' ProjectionStatusReader with the limits this API is configured with. */
@Injectable()
export class ProjectionStatus extends ProjectionStatusReader {
  constructor(store: EventStore, @InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    super(store, dataSource, { lagMaxEvents: config.projectionLagMaxEvents, stallSeconds: config.projectionStallSeconds });
  }
}
