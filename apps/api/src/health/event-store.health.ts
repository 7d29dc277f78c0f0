import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore, HELD_BACK_COUNT_LIMIT, subscribersHeldBack } from '@casebook/event-store';
import type { ProjectionState } from '@casebook/read-models';
import { ProjectionStatus } from '../projections/projection-status.js';

/**
 * How long a transaction may keep committed events from the subscribers before /health names
 * it. An append or a projector's batch holds one for milliseconds; seconds are already a
 * write that the reads do not show.
 */
export const HELD_BACK_WARNING_SECONDS = 5;

@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
    private readonly projections: ProjectionStatus,
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
   * Whether every projection keeps up, each judged from its own checkpoint (ProjectionStatus):
   * down when one keeps failing on an event (named with its position, type, stream and error),
   * when one's checkpoint has not moved for the stall limit while events wait (a stopped or hung
   * projector), when one has never started while events wait, or when more events wait than the
   * lag limit. The answer names each projection; the top-level figures are the worst of them.
   *
   * Events a projection cannot read yet are not counted behind: on PostgreSQL an open
   * transaction anywhere in the cluster keeps every event written after it from the
   * subscribers. When one has done so for HELD_BACK_WARNING_SECONDS, `warning` and `heldBack`
   * name it (pid, age); the check stays up, the cause being outside Casebook and the
   * projections otherwise well, but the read models stand still until it ends.
   */
  async projectionLag(key: string) {
    const session = this.health.check(key);
    const limit = this.projections.lagLimit;
    try {
      const [states, heldBack] = await Promise.all([this.projections.read(), this.heldBack()]);
      const behind = (state: ProjectionState) => (state.pastLagLimit ? `more than ${limit}` : state.eventsBehind);
      const projections: Record<string, Record<string, unknown>> = {};
      for (const state of states) {
        const { checkpoint, failure, stalledForSeconds, message, rebuild } = state;
        projections[state.name] = {
          checkpoint,
          eventsBehind: behind(state),
          ...(rebuild && { rebuild }),
          ...(failure && { failure }),
          ...(stalledForSeconds !== undefined && { stalledForSeconds }),
          ...(message && { message }),
        };
      }
      const worst = states.reduce((most, state) => (state.eventsBehind > most.eventsBehind ? state : most));
      const data: Record<string, unknown> = { eventsBehind: behind(worst) };
      const failing = states.find((state) => state.failure);
      if (failing?.failure) data.failure = { projection: failing.name, ...failing.failure };
      const stalled = states.filter((state) => state.stalledForSeconds !== undefined);
      if (stalled.length > 0) data.stalledForSeconds = Math.max(...stalled.map((state) => state.stalledForSeconds ?? 0));
      const messages = states.flatMap((state) => (state.message ? [`${state.name}: ${state.message}`] : []));
      if (messages.length > 0) data.message = messages.join('; ');
      data.projections = projections;
      if (heldBack) Object.assign(data, heldBack);
      const down = failing !== undefined || messages.length > 0 || states.some((state) => state.pastLagLimit);
      return down ? session.down(data) : session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Never fails the check: a report that cannot be had is left out. */
  private async heldBack(): Promise<{ warning: string; heldBack: Record<string, unknown> } | undefined> {
    if (this.config.eventStore !== 'postgres') return undefined;
    const held = await subscribersHeldBack((sql, params) => this.dataSource.query(sql, params), {
      minimumSeconds: HELD_BACK_WARNING_SECONDS,
    }).catch(() => undefined);
    if (!held || held.eventsWaiting === 0) return undefined;
    const [oldest] = held.transactions;
    if (!oldest && held.waitingSeconds < HELD_BACK_WARNING_SECONDS) return undefined;
    const events =
      held.eventsWaiting >= HELD_BACK_COUNT_LIMIT
        ? `${HELD_BACK_COUNT_LIMIT} or more committed events wait`
        : held.eventsWaiting === 1
          ? '1 committed event waits'
          : `${held.eventsWaiting} committed events wait`;
    const holder = !oldest
      ? 'a transaction this database user cannot see (a member of pg_read_all_stats can)'
      : oldest.pid === null
        ? `the transaction ${oldest.state} ${Math.round(oldest.seconds)} s ago (database ${oldest.database})`
        : `the transaction of pid ${oldest.pid} (database ${oldest.database}, user ${oldest.user}, ${oldest.state}, open for ${Math.round(oldest.seconds)} s)`;
    return {
      warning: `The event store's subscribers are held back: ${events} until ${holder} ends`,
      heldBack: {
        eventsWaiting: held.eventsWaiting,
        waitingSeconds: Math.round(held.waitingSeconds),
        transactions: held.transactions.map((t) => ({ ...t, seconds: Math.round(t.seconds) })),
      },
    };
  }
}
