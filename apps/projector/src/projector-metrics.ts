// The projector's Prometheus metrics, served by its health listener at /metrics (HEALTH_PORT):
// events applied and failures, per projection, and Node's own process metrics. How far each
// projection is behind is the API's /metrics, read from the checkpoints like /health. On the
// PostgreSQL store, also what the projector's subscriptions cannot see yet: committed events
// held back by an older transaction still open somewhere in the cluster, and for how long.
import { Counter, Gauge, Registry } from 'prom-client';
import type { SubscribersHeldBack } from '@casebook/event-store';
import { metricsWithProcess } from '@casebook/metrics';
import type { ConsumerObserver } from '@casebook/event-processing';

export class ProjectorMetrics implements ConsumerObserver {
  readonly registry = new Registry();
  private readonly applied = new Counter({
    name: 'casebook_projection_events_applied_total',
    help: 'Events each projection has applied (or read past, for events it does not handle) since the projector started',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: 'casebook_projection_failures_total',
    help: 'Times a projection failed on an event (each retry counts) since the projector started',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  /** `heldBack` reads the store's hold on its subscribers; none on a store without one. */
  constructor(projections: string[], heldBack?: () => Promise<SubscribersHeldBack>) {
    // Every projection shows from the start, at zero, so a rate over a quiet one is 0, not absent.
    for (const projection of projections) {
      this.applied.inc({ projection }, 0);
      this.failures.inc({ projection }, 0);
    }
    if (heldBack) this.gaugeHeldBack(heldBack);
  }

  private gaugeHeldBack(read: () => Promise<SubscribersHeldBack>): void {
    // One read serves both gauges of a scrape; one that fails leaves them out of it.
    let scrape: Promise<SubscribersHeldBack | undefined> | undefined;
    const held = () =>
      (scrape ??= read()
        .catch(() => undefined)
        .finally(() => setTimeout(() => (scrape = undefined), 0)));
    const gauge = (name: string, help: string, value: (held: SubscribersHeldBack) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.reset();
          const now = await held();
          if (now) this.set(value(now));
        },
      });
    gauge(
      'casebook_event_store_held_back_seconds',
      "How long the oldest open transaction that keeps committed events from the event store's subscribers has been open (PostgreSQL store; its pid is in the API's /health); 0 when none does",
      (now) => now.transactions[0]?.seconds ?? 0,
    );
    gauge(
      'casebook_event_store_events_held_back',
      "Committed events the event store's subscribers cannot read yet because an older transaction is still open (PostgreSQL store)",
      (now) => now.eventsWaiting,
    );
  }

  handled(projection: string, events: number): void {
    this.applied.inc({ projection }, events);
  }

  failed(projection: string): void {
    this.failures.inc({ projection });
  }

  async text(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await metricsWithProcess(this.registry) };
  }
}
