// The projector's Prometheus metrics, served by its health listener at /metrics (HEALTH_PORT):
// events applied and failures, per projection, and Node's own process metrics. How far each
// projection is behind is the API's /metrics, read from the checkpoints like /health.
import { Counter, Registry } from 'prom-client';
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

  constructor(projections: string[]) {
    // Every projection shows from the start, at zero, so a rate over a quiet one is 0, not absent.
    for (const projection of projections) {
      this.applied.inc({ projection }, 0);
      this.failures.inc({ projection }, 0);
    }
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
