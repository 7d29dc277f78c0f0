import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { EventStoreHealthIndicator } from './event-store.health.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  // Not Redis: the API needs it for nothing but the queue board; the reminders app reports it.
  @ApiOperation({ summary: 'Database, event store and projection lag; 503 when any is down' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(1500),
      () => this.eventStore.reachable('eventStore'),
      () => this.eventStore.projectionLag('projection'),
    ]);
  }

  /** For a liveness probe: a process that answers at all needs no restart. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'The process is up; checks nothing else' })
  checkLiveness() {
    return this.health.check([]);
  }

  /**
   * For a readiness probe or a load balancer: the API can serve when its database and event store
   * answer. Projection lag is left out: reads are then only behind, and taking every API process
   * out of rotation for a slow projector would stop writes too.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Database and event store reachable; 503 when either is down (projection lag is reported by /health only)' })
  checkReadiness() {
    return this.health.check([() => this.database.pingCheck('database').withTimeout(1500), () => this.eventStore.reachable('eventStore')]);
  }
}
