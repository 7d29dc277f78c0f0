import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { GetProjectionsHandler } from './get-projections/get-projections.query.js';
import { ProjectionStatus } from './projection-status.js';
import { ProjectionsController } from './projections.http.controller.js';

/** Where the projector's projections stand: for /health and for administrators. */
@Module({
  imports: [CqrsModule, ReadModelsModule],
  controllers: [ProjectionsController],
  providers: [ProjectionStatus, GetProjectionsHandler],
  exports: [ProjectionStatus],
})
export class ProjectionsModule {}
