// The API's Prometheus metrics: every request counted and timed by route template and status,
// each projection's lag, age of its oldest waiting event and failure (read at scrape time from
// the checkpoints, as /health reads them), and Node's own process metrics.
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { metricsWithProcess } from '@casebook/metrics';
import type { ProjectionState } from '@casebook/read-models';
import { ProjectionStatus } from '../projections/projection-status.js';

@Injectable()
export class ApiMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'casebook_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'casebook_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  /** One read of the checkpoints serves every projection gauge of a scrape. */
  private scrape?: Promise<ProjectionState[]>;

  constructor(private readonly projections: ProjectionStatus) {
    const states = () => (this.scrape ??= this.projections.read().finally(() => setTimeout(() => (this.scrape = undefined), 0)));
    const gauge = (name: string, help: string, value: (state: ProjectionState) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const state of await states()) this.set({ projection: state.name }, value(state));
        },
      });
    gauge(
      'casebook_projection_events_behind',
      'Events waiting for each projection (counted up to one past PROJECTION_LAG_MAX_EVENTS)',
      (state) => state.eventsBehind,
    );
    gauge(
      'casebook_projection_seconds_behind',
      'Age in seconds of the oldest event waiting for each projection; 0 when none waits',
      (state) => state.secondsBehind,
    );
    gauge('casebook_projection_failing', '1 while a projection keeps failing on an event, else 0', (state) => (state.failure ? 1 : 0));
    gauge(
      'casebook_projection_stalled',
      "1 while events wait and a projection's checkpoint has not moved for PROJECTION_STALL_SECONDS, else 0",
      (state) => (state.condition === 'stalled' ? 1 : 0),
    );
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  async text(): Promise<string> {
    return metricsWithProcess(this.registry);
  }

  /** An app closed (tests make many in one process) leaves nothing of itself in prom-client. */
  onModuleDestroy(): void {
    this.registry.clear();
  }
}
