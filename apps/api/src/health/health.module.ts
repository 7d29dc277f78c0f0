import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadModelsModule } from '@casebook/read-models';
import { ProjectionsModule } from '../projections/projections.module.js';
import { EventStoreHealthIndicator } from './event-store.health.js';
import { HealthController } from './health.http.controller.js';

@Module({
  imports: [TerminusModule, ReadModelsModule, ProjectionsModule],
  controllers: [HealthController],
  providers: [EventStoreHealthIndicator],
})
export class HealthModule {}
