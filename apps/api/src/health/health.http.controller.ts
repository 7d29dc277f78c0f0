import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { EventStoreHealthIndicator } from './event-store.health.js';
import { RedisHealthIndicator } from './redis.health.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database, Redis, event store and projection lag; 503 when any is down' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(1500),
      () => this.redis.check('redis'),
      () => this.eventStore.reachable('eventStore'),
      () => this.eventStore.projectionLag('projection'),
    ]);
  }
}
