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
   * Running unless the runner is retrying. A retry after an event it cannot project is a stuck
   * projector. A retry after the store or the database went away clears only with the next
   * batch, which on a quiet record may come hours after both are back; the runner resubscribes
   * within its back-off, so once the store answers again the subscription counts as running.
   */
  private async subscription(): Promise<{ resuming: string } | undefined> {
    const { runner } = this.projector;
    const failure = runner.failure;
    if (failure === undefined) return;
    const rows: { failed_at: Date | null; failure_position: string | null; failure_event_type: string | null }[] =
      await this.dataSource.query(
        `SELECT failed_at, failure_position, failure_event_type FROM read_models.projection_checkpoints WHERE name = $1`,
        [runner.checkpointName],
      );
    const stuck = rows[0];
    if (stuck?.failed_at)
      throw new Error(
        `stuck on ${stuck.failure_event_type ?? 'an event'} at ${stuck.failure_position ?? 'an unknown position'}: ${failure}`,
      );
    await this.store.ping();
    return { resuming: `after: ${failure}` };
  }
}

@Module({})
export class ProjectorHealthModule {
  /** The projector app with its health listener around it. */
  static around(projector: DynamicModule): DynamicModule {
    return { module: ProjectorHealthModule, imports: [projector], providers: [ProjectorHealth] };
  }
}
