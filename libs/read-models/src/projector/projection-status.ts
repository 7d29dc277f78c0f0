// Where each projection stands, judged from its own checkpoint: how many events wait for it,
// whether it keeps failing on one (and which), whether it has stalled or never started. Read by
// the API's /health and GET /api/v1/projections and by `npm run projections`, from the
// checkpoint rows the processors write in the same transaction as their rows, so the answer is
// never ahead of the read models.
import type { DataSource } from 'typeorm';
import type { EventStore, Position, RecordedEvent } from '@casebook/event-store';
import { comparePositions, formatPosition } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '../projections/index.js';
import { rebuildCheckpointName } from './projection-rebuild.js';

export type ProjectionCondition = 'up-to-date' | 'catching-up' | 'rebuilding' | 'failing' | 'stalled' | 'not-started';

/** A rebuild under way: fresh tables filling while the current ones serve (projection-rebuild.ts). */
export interface ProjectionRebuildState {
  /** The position the fresh tables have reached. */
  checkpoint: string;
  /** The version being built. */
  version: number;
  updatedAt: string;
}

export interface ProjectionFailure {
  position: string | null;
  eventType: string | null;
  stream: string | null;
  error: string | null;
  since: string;
}

export interface ProjectionState {
  name: string;
  condition: ProjectionCondition;
  /** The position of the last event applied; `none` before the first. */
  checkpoint: string;
  /** Events waiting, counted up to one past the lag limit. */
  eventsBehind: number;
  /** More events wait than the lag limit. */
  pastLagLimit: boolean;
  /** Age in seconds of the oldest event waiting; 0 when none waits. */
  secondsBehind: number;
  /** When the checkpoint last moved. */
  updatedAt: string | null;
  /** The version of the projection that built the tables serving now. */
  version: number | null;
  rebuild?: ProjectionRebuildState;
  failure?: ProjectionFailure;
  stalledForSeconds?: number;
  message?: string;
}

interface CheckpointRow {
  name: string;
  commit: string;
  prepare: string;
  version: number;
  updated_at: Date;
  failed_at: Date | null;
  failure_position: string | null;
  failure_event_type: string | null;
  failure_stream: string | null;
  failure_message: string | null;
}

export interface ProjectionLimits {
  /** Events behind beyond which a projection counts as lagging; counting stops one past it. */
  lagMaxEvents: number;
  /** Seconds events may wait without the checkpoint moving before the projection counts as stalled. */
  stallSeconds: number;
}

export class ProjectionStatusReader {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly limits: ProjectionLimits,
  ) {}

  get lagLimit(): number {
    return this.limits.lagMaxEvents;
  }

  /**
   * Every projection the projector runs, in its order. The events waiting are read once per
   * distinct checkpoint (usually one: all at the head), at most one past the lag limit each, so
   * a long backlog costs no more than a short one.
   */
  async read(timeoutMs = 1500): Promise<ProjectionState[]> {
    const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
    const rows: CheckpointRow[] = await this.dataSource.query(
      `SELECT name, commit_position::text AS commit, prepare_position::text AS prepare, version, updated_at,
              failed_at, failure_position, failure_event_type, failure_stream, failure_message
         FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`,
      [[...names, ...names.map(rebuildCheckpointName)]],
    );
    const byName = new Map(rows.map((row) => [row.name, row]));
    const reads = new Map<string, Promise<RecordedEvent[]>>();
    const waitingAfter = (from: Position | 'start') => {
      const id = from === 'start' ? 'start' : formatPosition(from);
      let read = reads.get(id);
      if (!read) {
        read = this.store.readAll({ fromPosition: from, maxCount: this.lagLimit + 2 });
        reads.set(id, read);
      }
      return read;
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the event store did not answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([
        Promise.all(
          names.map(async (name) => {
            const row = byName.get(name);
            const checkpoint = row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : undefined;
            const state = this.judge(name, row, checkpoint, await waitingAfter(checkpoint ?? 'start'));
            const rebuild = byName.get(rebuildCheckpointName(name));
            if (rebuild) {
              state.rebuild = {
                checkpoint: formatPosition({ commit: BigInt(rebuild.commit), prepare: BigInt(rebuild.prepare) }),
                version: rebuild.version,
                updatedAt: new Date(rebuild.updated_at).toISOString(),
              };
              // Its checkpoint stands still while a projector rebuilds it for a new version: no stall.
              if (state.condition !== 'failing') {
                state.condition = 'rebuilding';
                delete state.stalledForSeconds;
                delete state.message;
              }
            }
            return state;
          }),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private judge(name: string, row: CheckpointRow | undefined, checkpoint: Position | undefined, read: RecordedEvent[]): ProjectionState {
    const waiting = read.filter((event) => !checkpoint || comparePositions(event.position, checkpoint) > 0);
    const behind = waiting.length;
    const state: ProjectionState = {
      name,
      condition: behind === 0 ? 'up-to-date' : 'catching-up',
      checkpoint: checkpoint ? formatPosition(checkpoint) : 'none',
      eventsBehind: Math.min(behind, this.lagLimit + 1),
      pastLagLimit: behind > this.lagLimit,
      secondsBehind: behind > 0 ? Math.max(0, (Date.now() - waiting[0].created.getTime()) / 1000) : 0,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      version: row ? row.version : null,
    };
    if (row?.failed_at) {
      state.condition = 'failing';
      state.failure = {
        position: row.failure_position,
        eventType: row.failure_event_type,
        stream: row.failure_stream,
        error: row.failure_message,
        since: new Date(row.failed_at).toISOString(),
      };
    } else if (behind > 0 && !row) {
      state.condition = 'not-started';
      state.message = 'no projector has started on this database';
    } else if (behind > 0 && row) {
      // Stalled counts from when there was first something to do: an idle projection's old
      // checkpoint is no stall the moment a new event arrives.
      const waitingSince = Math.max(new Date(row.updated_at).getTime(), waiting[0].created.getTime());
      const stalledFor = (Date.now() - waitingSince) / 1000;
      if (stalledFor >= this.limits.stallSeconds) {
        state.condition = 'stalled';
        state.stalledForSeconds = Math.floor(stalledFor);
        state.message = `the checkpoint has not moved for ${Math.floor(stalledFor)} s while events wait`;
      }
    }
    return state;
  }
}
