// GET /metrics for Prometheus, administrators only: a scraper sends an administrator's token
// (`authorization` in its scrape configuration). The projector serves its own on HEALTH_PORT.
import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiMetrics } from './api-metrics.js';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get('metrics')
  @RequireRole('admin')
  @ApiOperation({ summary: "Prometheus metrics: requests by route and status, and each projection's lag and failure" })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The Prometheus text format', schema: { type: 'string' } })
  @ApiForbiddenResponse({ description: 'Administrators only' })
  async getMetrics(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.text());
  }
}
