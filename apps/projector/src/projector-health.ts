// The projector's health listener on HEALTH_PORT: live while the process runs, ready while its
// database answers and its subscription runs. The module wraps ProjectorModule, so the listener
// opens after the projector has started and is drained before the projector stops.
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
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type HealthListener, startHealthListener } from '@casebook/config';
import { EventStore } from '@casebook/event-store';
import { ProjectorService } from './projector.service.js';

@Injectable()
export class ProjectorHealth implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('health');
  private listener?: HealthListener;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projector: ProjectorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  /** The port listened on, once started; none without HEALTH_PORT. */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.healthPort === undefined) return;
    this.listener = await startHealthListener({
      port: this.config.healthPort,
      host: this.config.http.host,
      checks: {
        database: async () => {
          await this.dataSource.query('SELECT 1');
        },
        subscription: () => this.subscription(),
      },
      metrics: () => this.projector.metrics.text(),
    });
    this.logger.log(`Health at http://${this.config.http.host}:${this.listener.port}/health/live and /health/ready`);
  }

  beforeApplicationShutdown(): void {
    this.listener?.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  /**
   * Running unless a processor is retrying. A retry after an event it cannot project is a stuck
   * projection, named with the event. A retry after the store or the database went away clears
   * only with the next batch, which on a quiet record may come hours after both are back; the
   * processors resubscribe within their back-off, so once the store answers again the
   * subscription counts as running.
   */
  private async subscription(): Promise<{ resuming: string } | undefined> {
    const failures = this.projector.projector.failures;
    if (failures.length === 0) return;
    const rows: { name: string; failure_position: string | null; failure_event_type: string | null }[] = await this.dataSource.query(
      `SELECT name, failure_position, failure_event_type FROM read_models.projection_checkpoints
        WHERE name = ANY($1::text[]) AND failed_at IS NOT NULL ORDER BY name`,
      [failures.map((f) => f.checkpointName)],
    );
    if (rows.length > 0) {
      const reasons = new Map(failures.map((f) => [f.checkpointName, f.failure]));
      throw new Error(
        rows
          .map(
            (stuck) =>
              `${stuck.name} stuck on ${stuck.failure_event_type ?? 'an event'} at ${stuck.failure_position ?? 'an unknown position'}: ${reasons.get(stuck.name) ?? ''}`,
          )
          .join('; '),
      );
    }
    await this.store.ping();
    return { resuming: `after: ${failures[0].failure}` };
  }
}

@Module({})
export class ProjectorHealthModule {
  /** The projector app with its health listener around it. */
  static around(projector: DynamicModule): DynamicModule {
    return { module: ProjectorHealthModule, imports: [projector], providers: [ProjectorHealth] };
  }
}
