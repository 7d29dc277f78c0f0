// The reminders worker's Prometheus metrics, served by its health listener at /metrics
// (HEALTH_PORT) beside Node's own process metrics: how many reminder jobs the queue holds in each
// state, read from Redis at scrape time, and what became of the reminders this worker handled
// since it started, by kind, heard from its BullMQ worker's own events (a job completed with a
// message id or as skipped, or failed with no attempt left), so the processor needs no hook.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { Counter, Gauge, Registry } from 'prom-client';
import { metricsWithProcess } from '@casebook/metrics';
import { REMINDER_QUEUE, type ReminderJobData } from '@casebook/reminders';
import { type ReminderJobResult, ReminderProcessor } from './reminder.processor.js';

export type ReminderKind = ReminderJobData['kind'];

const KINDS: readonly ReminderKind[] = ['before-opening', 'follow-up'];

/** The queue's states as BullMQ names them; `waiting` are due and not yet taken by a worker. */
export const REMINDER_JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed'] as const;
export type ReminderJobState = (typeof REMINDER_JOB_STATES)[number];

/**
 * A scrape must answer while Redis is away: the queue's connection waits for Redis to return
 * (the worker's setting), so its counts are given this long and left out after it.
 */
const COUNT_TIMEOUT_MS = 1500;

@Injectable()
export class ReminderMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  readonly registry = new Registry();
  private readonly sentCounter = this.counter('casebook_reminders_sent_total', 'Reminder emails sent since the worker started, by kind');
  private readonly failedCounter = this.counter(
    'casebook_reminders_failed_total',
    'Reminders that failed for good (no attempt left, or refused by the mail server for good) since the worker started, by kind',
  );
  private readonly skippedCounter = this.counter(
    'casebook_reminders_skipped_total',
    'Due reminders not sent because the record no longer calls for them (a cancelled wave, a closed window, a contact who may not be contacted) since the worker started, by kind',
  );
  /** One read of Redis serves every gauge of a scrape. */
  private scrape?: Promise<Record<ReminderJobState, number> | undefined>;

  constructor(
    @InjectQueue(REMINDER_QUEUE) private readonly queue: Queue,
    private readonly processor: ReminderProcessor,
  ) {
    const counts = () => (this.scrape ??= this.readCounts().finally(() => setTimeout(() => (this.scrape = undefined), 0)));
    new Gauge({
      name: 'casebook_reminder_jobs',
      help: 'Jobs in the reminder queue by state (BullMQ: waiting, delayed, active, completed, failed); absent while Redis does not answer',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const now = await counts();
        if (now) for (const state of REMINDER_JOB_STATES) this.set({ state }, now[state]);
      },
    });
    new Gauge({
      name: 'casebook_reminder_queue_reachable',
      help: "1 when Redis answered this scrape's count of the reminder queue, else 0",
      registers: [this.registry],
      async collect() {
        this.set((await counts()) ? 1 : 0);
      },
    });
  }

  /** The worker exists once the modules are initialised (@nestjs/bullmq makes it then). */
  onApplicationBootstrap(): void {
    const worker = this.processor.worker;
    worker.on('completed', (job: Job<ReminderJobData>, result: ReminderJobResult | undefined) => {
      if (result && 'messageId' in result) this.sent(job.data.kind);
      else if (result && 'skipped' in result) this.skipped(job.data.kind);
    });
    worker.on('failed', (job: Job<ReminderJobData> | undefined, _error: Error) => {
      // 'failed' is heard after every failed attempt; only a job moved to failed is finished.
      if (job && typeof job.finishedOn === 'number') this.failed(job.data.kind);
    });
  }

  /** A reminder email went out. */
  sent(kind: ReminderKind): void {
    this.sentCounter.inc({ kind });
  }

  /** A reminder failed for good: its last attempt failed, or the failure is one no retry mends. */
  failed(kind: ReminderKind): void {
    this.failedCounter.inc({ kind });
  }

  /** A due reminder was not sent because the record no longer calls for it. */
  skipped(kind: ReminderKind): void {
    this.skippedCounter.inc({ kind });
  }

  async text(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await metricsWithProcess(this.registry) };
  }

  /** An app closed (tests make many in one process) leaves nothing of itself in prom-client. */
  onModuleDestroy(): void {
    this.registry.clear();
  }

  private counter(name: string, help: string): Counter<'kind'> {
    const counter = new Counter({ name, help, labelNames: ['kind'], registers: [this.registry] });
    // Every kind shows from the start, at zero, so a rate over a quiet one is 0, not absent.
    for (const kind of KINDS) counter.inc({ kind }, 0);
    return counter;
  }

  private async readCounts(): Promise<Record<ReminderJobState, number> | undefined> {
    try {
      // A connection that is not ready would hold the command until Redis returns.
      const client = await within(this.queue.getBackend().client, COUNT_TIMEOUT_MS);
      if (client.status !== 'ready') return undefined;
      const counts = await within(this.queue.getJobCounts(...REMINDER_JOB_STATES), COUNT_TIMEOUT_MS);
      return Object.fromEntries(REMINDER_JOB_STATES.map((state) => [state, counts[state] ?? 0])) as Record<ReminderJobState, number>;
    } catch {
      return undefined;
    }
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
