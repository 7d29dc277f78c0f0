import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@casebook/event-store';
import type { ProjectionState } from '@casebook/read-models';
import { ProjectionStatus } from '../projections/projection-status.js';

@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
    private readonly projections: ProjectionStatus,
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
   */
  async projectionLag(key: string) {
    const session = this.health.check(key);
    const limit = this.projections.lagLimit;
    try {
      const states = await this.projections.read();
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
      const down = failing !== undefined || messages.length > 0 || states.some((state) => state.pastLagLimit);
      return down ? session.down(data) : session.up(data);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
