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
   * Whether the read models keep up: down when the projector keeps failing on an event (named
   * with its position, type, stream and error), when its checkpoint has not moved for the stall
   * limit while events wait (a stopped or hung projector), or when more events wait than the
   * lag limit. Events behind are counted up to one past the limit, so a long backlog costs no
   * more than a short one.
   */
  async projectionLag(key: string) {
    const session = this.health.check(key);
    const limit = this.config.projectionLagMaxEvents;
    try {
      const rows: CheckpointRow[] = await this.dataSource.query(
        `SELECT commit_position::text AS commit, prepare_position::text AS prepare,
                updated_at,
                failed_at, failure_position, failure_event_type, failure_stream, failure_message
           FROM read_models.projection_checkpoints WHERE name = 'read-models'`,
      );
      const row = rows[0];
      const checkpoint: Position | undefined = row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : undefined;
      const pending = await Promise.race([
        this.store.readAll({ fromPosition: checkpoint ?? 'start', maxCount: limit + 2 }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the event store did not answer within 1500 ms')), 1500).unref(),
        ),
      ]);
      const waiting = pending.filter((e) => !checkpoint || comparePositions(e.position, checkpoint) > 0);
      const behind = waiting.length;
      const data: Record<string, unknown> = {
        checkpoint: checkpoint ? formatPosition(checkpoint) : 'none',
        eventsBehind: behind > limit ? `more than ${limit}` : behind,
      };
      if (row?.failed_at) {
        data.failure = {
          position: row.failure_position,
          eventType: row.failure_event_type,
          stream: row.failure_stream,
          error: row.failure_message,
          since: new Date(row.failed_at).toISOString(),
        };
        return session.down(data);
      }
      if (behind > 0 && !row) {
        data.message = 'no projector has started on this database';
        return session.down(data);
      }
      // Stalled counts from when there was first something to do: an idle projector's old
      // checkpoint is no stall the moment a new event arrives.
      const waitingSince = behind > 0 && row ? Math.max(new Date(row.updated_at).getTime(), waiting[0].created.getTime()) : undefined;
      const stalledFor = waitingSince === undefined ? 0 : (Date.now() - waitingSince) / 1000;
      if (stalledFor >= this.config.projectionStallSeconds) {
        data.stalledForSeconds = Math.floor(stalledFor);
        data.message = `the checkpoint has not moved for ${Math.floor(stalledFor)} s while events wait`;
        return session.down(data);
      }
      return behind > limit ? session.down(data) : session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

interface CheckpointRow {
  commit: string;
  prepare: string;
  updated_at: Date;
  failed_at: Date | null;
  failure_position: string | null;
  failure_event_type: string | null;
  failure_stream: string | null;
  failure_message: string | null;
}
