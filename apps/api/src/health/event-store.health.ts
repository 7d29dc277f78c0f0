import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore, type Position, comparePositions, formatPosition } from '@casebook/event-store';

@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  reachable(key: string) {
    return this.health
      .check(key)
      .attempt(() => this.store.ping())
      .withTimeout(1500);
  }

  /**
   * How many events the projector has yet to apply, counted up to one past the limit so a
   * long backlog costs no more than a short one.
   */
  async projectionLag(key: string) {
    const session = this.health.check(key);
    const limit = this.config.projectionLagMaxEvents;
    try {
      const rows: Array<{ commit: string; prepare: string }> = await this.dataSource.query(
        `SELECT commit_position::text AS commit, prepare_position::text AS prepare
           FROM read_models.projection_checkpoints WHERE name = 'read-models'`,
      );
      const checkpoint: Position | undefined = rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
      const pending = await Promise.race([
        this.store.readAll({ fromPosition: checkpoint ?? 'start', maxCount: limit + 2 }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the event store did not answer within 1500 ms')), 1500).unref()),
      ]);
      const behind = pending.filter((e) => !checkpoint || comparePositions(e.position, checkpoint) > 0).length;
      const data = {
        checkpoint: checkpoint ? formatPosition(checkpoint) : 'none',
        eventsBehind: behind > limit ? `more than ${limit}` : behind,
      };
      return behind > limit ? session.down(data) : session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
