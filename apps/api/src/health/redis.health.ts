import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@casebook/config';

@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    // Health checks must answer "down" at once, not queue commands until Redis returns.
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    this.redis.on('error', () => undefined);
  }

  check(key: string) {
    return this.health
      .check(key)
      .attempt(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
        await this.redis.ping();
      })
      .withTimeout(1500);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
