import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore, type Position, type RecordedEvent, comparePositions, formatPosition } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '@casebook/read-models';

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
   * Whether every projection keeps up, each judged from its own checkpoint: down when one keeps
   * failing on an event (named with its position, type, stream and error), when one's checkpoint
   * has not moved for the stall limit while events wait (a stopped or hung projector), when one
   * has never started while events wait, or when more events wait than the lag limit. Events
   * behind are counted up to one past the limit, once per distinct checkpoint (usually one: all
   * at the head), so a long backlog costs no more than a short one. The answer names each
   * projection; the top-level figures are the worst of them.
   */
  async projectionLag(key: string) {
    const session = this.health.check(key);
    const limit = this.config.projectionLagMaxEvents;
    const stallSeconds = this.config.projectionStallSeconds;
    try {
      const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
      const rows: CheckpointRow[] = await this.dataSource.query(
        `SELECT name, commit_position::text AS commit, prepare_position::text AS prepare,
                updated_at,
                failed_at, failure_position, failure_event_type, failure_stream, failure_message
           FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`,
        [names],
      );
      const byName = new Map(rows.map((row) => [row.name, row]));
      const checkpointOf = (row: CheckpointRow | undefined): Position | 'start' =>
        row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : 'start';
      const pendingFrom = new Map<string, Promise<RecordedEvent[]>>();
      const pending = (from: Position | 'start') => {
        const id = from === 'start' ? 'start' : formatPosition(from);
        let read = pendingFrom.get(id);
        if (!read) {
          read = this.store.readAll({ fromPosition: from, maxCount: limit + 2 });
          pendingFrom.set(id, read);
        }
        return read;
      };
      const judged = await Promise.race([
        Promise.all(names.map(async (name) => judge(name, byName.get(name), await pending(checkpointOf(byName.get(name)))))),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the event store did not answer within 1500 ms')), 1500).unref(),
        ),
      ]);

      const projections: Record<string, ProjectionHealth> = {};
      for (const { name, health } of judged) projections[name] = health;
      const mostBehind = Math.max(...judged.map((j) => j.behind));
      const data: Record<string, unknown> = { eventsBehind: mostBehind > limit ? `more than ${limit}` : mostBehind };
      const failing = judged.find((j) => j.health.failure);
      if (failing) data.failure = { projection: failing.name, ...failing.health.failure };
      const stalled = judged.filter((j) => j.health.stalledForSeconds !== undefined);
      if (stalled.length > 0) data.stalledForSeconds = Math.max(...stalled.map((j) => j.health.stalledForSeconds ?? 0));
      const messages = judged.flatMap((j) => (j.health.message ? [`${j.name}: ${j.health.message}`] : []));
      if (messages.length > 0) data.message = messages.join('; ');
      data.projections = projections;
      const down = failing !== undefined || messages.length > 0 || mostBehind > limit;
      return down ? session.down(data) : session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }

    function judge(name: string, row: CheckpointRow | undefined, read: RecordedEvent[]) {
      const checkpoint: Position | undefined = row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : undefined;
      const waiting = read.filter((e) => !checkpoint || comparePositions(e.position, checkpoint) > 0);
      const behind = waiting.length;
      const health: ProjectionHealth = {
        checkpoint: checkpoint ? formatPosition(checkpoint) : 'none',
        eventsBehind: behind > limit ? `more than ${limit}` : behind,
      };
      if (row?.failed_at) {
        health.failure = {
          position: row.failure_position,
          eventType: row.failure_event_type,
          stream: row.failure_stream,
          error: row.failure_message,
          since: new Date(row.failed_at).toISOString(),
        };
      } else if (behind > 0 && !row) {
        health.message = 'no projector has started on this database';
      } else if (behind > 0 && row) {
        // Stalled counts from when there was first something to do: an idle projection's old
        // checkpoint is no stall the moment a new event arrives.
        const waitingSince = Math.max(new Date(row.updated_at).getTime(), waiting[0].created.getTime());
        const stalledFor = (Date.now() - waitingSince) / 1000;
        if (stalledFor >= stallSeconds) {
          health.stalledForSeconds = Math.floor(stalledFor);
          health.message = `the checkpoint has not moved for ${Math.floor(stalledFor)} s while events wait`;
        }
      }
      return { name, behind, health };
    }
  }
}

interface ProjectionHealth {
  checkpoint: string;
  eventsBehind: number | string;
  failure?: Record<string, unknown>;
  stalledForSeconds?: number;
  message?: string;
}

interface CheckpointRow {
  name: string;
  commit: string;
  prepare: string;
  updated_at: Date;
  failed_at: Date | null;
  failure_position: string | null;
  failure_event_type: string | null;
  failure_stream: string | null;
  failure_message: string | null;
}
