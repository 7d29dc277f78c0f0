import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ApiMetrics } from './api-metrics.js';
import { MetricsController } from './metrics.http.controller.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [MetricsController],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class MetricsModule {}
