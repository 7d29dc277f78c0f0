// The reminders worker's health listener on HEALTH_PORT: live while the process runs, ready
// while Redis (the queue) and the database (checkpoint and case reads) answer, and its
// Prometheus metrics at /metrics (reminder-metrics.ts). The module wraps
// RemindersModule, so the listener opens after the worker has started and is drained before
// it stops.
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type HealthListener, redisOptionsFromUrl, startHealthListener } from '@casebook/config';
import { ReminderMetrics } from './reminder-metrics.js';

@Injectable()
export class RemindersHealth implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('health');
  private listener?: HealthListener;
  private redis?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    /** Always injected in the app; a listener made without it serves no /metrics. */
    private readonly metrics?: ReminderMetrics,
  ) {}

  /** The port listened on, once started; none without HEALTH_PORT. */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.healthPort === undefined) return;
    // A connection of its own: the worker's waits for Redis to return (maxRetriesPerRequest:
    // null), where a probe must hear "down" at once.
    const redis = new Redis({
      ...redisOptionsFromUrl(this.config.redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    redis.on('error', () => undefined);
    this.redis = redis;
    const metrics = this.metrics;
    this.listener = await startHealthListener({
      port: this.config.healthPort,
      host: this.config.http.host,
      checks: {
        redis: async () => {
          if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
          await redis.ping();
        },
        database: async () => {
          await this.dataSource.query('SELECT 1');
        },
      },
      ...(metrics && { metrics: () => metrics.text() }),
    });
    this.logger.log(`Health at http://${this.config.http.host}:${this.listener.port}/health/live and /health/ready`);
  }

  beforeApplicationShutdown(): void {
    this.listener?.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    this.redis?.disconnect();
  }
}

@Module({})
export class RemindersHealthModule {
  /** The reminders app with its health listener around it. */
  static around(reminders: DynamicModule): DynamicModule {
    return { module: RemindersHealthModule, imports: [reminders], providers: [RemindersHealth] };
  }
}
