// The reactor that keeps the reminder queue in step with the record. Whatever changes what a case
// calls for (a wave scheduled, moved or closed, a contact added, opted out or erased, an
// interview, a reminder sent, the study's policy or zone), it reads the case's record afresh,
// works out the reminders due from it now, and compares them with what it has put on the queue,
// which it keeps in read_models.reminder_jobs: it adds what is missing, moves what is due at
// another time, and removes what is no longer called for. Redis is changed first and the table
// and checkpoint after, in one transaction: a crash in between handles the batch again, and job
// ids (the domain's `jobId`) make that a no-op.
import { type JobsOptions, type JobState, Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { redisOptionsFromUrl } from '@casebook/config';
import { type DomainEventType, type Reminder, fromStoredEvent, remindersOfCase, storedTypesOf } from '@casebook/domain';
import { type EventStore, type Position, type RecordedEvent, comparePositions } from '@casebook/event-store';
import { CheckpointMoved, CheckpointedConsumer, type ConsumerOptions } from '@casebook/event-processing';
import { REMINDER_QUEUE, type ReminderJobData, reminderJobData } from './reminder-job.js';
import { type CaseReminderRecord, ReminderRecords } from './reminder-record.js';

const DAY_SECONDS = 24 * 60 * 60;

/** How a reminder whose send failed for a passing reason is tried again (BullMQ's exponential back-off). */
export interface ReminderRetryOptions {
  attempts: number;
  delayMs: number;
  jitter: number;
}

/**
 * The options every reminder job is added with, whoever adds it: the reactor, or a rebuild from
 * the command line. Job options travel with the job in Redis, so they are the producer's to set.
 */
export function reminderJobOptions({ attempts, delayMs, jitter }: ReminderRetryOptions): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: delayMs, jitter },
    // Kept a while for the queue board. What keeps a reminder from going out twice is the record:
    // ReminderSent settles it for the schedule, and the worker reads the record before it sends.
    removeOnComplete: { age: 90 * DAY_SECONDS },
    removeOnFail: { age: 365 * DAY_SECONDS },
  };
}

export interface ReminderProducerOptions {
  /** Redis key prefix of the queue (the worker's). */
  prefix?: string;
  defaultJobOptions?: JobsOptions;
}

/**
 * The queue the scheduler adds to, on a connection of its own that fails a command at once while
 * Redis is away (where the worker's waits): the batch then fails, and the consumer tries it again
 * from its checkpoint with back-off, so that nothing is lost and nothing hangs.
 */
export function reminderProducerQueue(redisUrl: string, options: ReminderProducerOptions = {}): Queue<ReminderJobData> {
  const queue = new Queue<ReminderJobData>(REMINDER_QUEUE, {
    prefix: options.prefix ?? 'bull',
    defaultJobOptions: options.defaultJobOptions ?? reminderJobOptions({ attempts: 8, delayMs: 30_000, jitter: 0.5 }),
    connection: {
      ...redisOptionsFromUrl(redisUrl),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Back within two seconds of Redis, rather than BullMQ's default of up to twenty.
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    },
  });
  // Failures surface in the commands that meet them; the connection's own reports would repeat them.
  queue.on('error', () => undefined);
  return queue;
}

const CASE_EVENTS = [
  'CaseEnrolled',
  'WaveScheduled',
  'WaveRescheduled',
  'WaveCancelled',
  'WaveCompleted',
  'WaveSkipped',
  'WaveSignedOff',
  'CaseWithdrawn',
  'InterviewRecorded',
  'ContactAdded',
  'ContactConsentChanged',
  'ContactOptedOut',
  'ContactErased',
  'ReminderSent',
  'ReminderFailed',
] as const satisfies readonly DomainEventType[];

/** Study events that change when its reminders go out: the policy, and the zone they are timed in. */
const STUDY_EVENTS = ['ReminderPolicyChanged', 'StudyDetailsChanged'] as const satisfies readonly DomainEventType[];

/** Jobs not yet taken by a worker: these may be removed, or removed and added again elsewhere in time. */
const PENDING: ReadonlySet<JobState> = new Set<JobState>(['delayed', 'waiting', 'prioritized', 'waiting-children']);

/** Jobs a worker is done with, whose ids BullMQ keeps until they age out. */
const FINISHED: ReadonlySet<JobState | 'unknown'> = new Set<JobState>(['completed', 'failed']);

const RECORD_READS_AT_ONCE = 8;
const JOBS_PER_COMMAND = 200;

export interface ReminderSchedulerOptions extends ConsumerOptions {
  /**
   * How often the scheduler checks that the queue still holds the reminders its table says are
   * pending (Redis flushed, or restored from an old snapshot) and rebuilds them if not; it also
   * checks once at start. false: never.
   */
  queueCheckMs: number | false;
  /** How long a batch waits for a first connection to Redis before it fails and is retried. */
  redisTimeoutMs: number;
}

/** What a rebuild of the schedule did. */
export interface ScheduleRebuilt {
  cases: number;
  /** Reminders the record calls for now. */
  reminders: number;
  added: number;
  alreadyPresent: number;
  /** Pending jobs that were due at another time, removed and added again at the right one. */
  moved: number;
  /** Pending jobs on the queue that the record no longer calls for. */
  removed: number;
}

interface Wanted {
  reminder: Reminder;
  caseId: string;
  studyId: string;
  data: ReminderJobData;
}

interface QueueChanges {
  /** Job ids now on the queue as `wanted` says (added, moved, or already right). */
  inStep: Set<string>;
  added: number;
  moved: number;
  removed: number;
}

export class ReminderScheduler extends CheckpointedConsumer {
  private readonly records: ReminderRecords;
  private readonly schedulerOptions: ReminderSchedulerOptions;
  private queueCheckTimer?: NodeJS.Timeout;
  private queueCheck?: Promise<void>;

  constructor(
    store: EventStore,
    dataSource: DataSource,
    private readonly queue: Queue<ReminderJobData>,
    private readonly clock: () => Date = () => new Date(),
    options: Partial<ReminderSchedulerOptions> = {},
  ) {
    const schedulerOptions: ReminderSchedulerOptions = {
      checkpointName: 'reminder-scheduler',
      eventTypes: [...storedTypesOf([...CASE_EVENTS, ...STUDY_EVENTS])],
      queueCheckMs: 60_000,
      redisTimeoutMs: 5_000,
      ...options,
    };
    super(store, dataSource, schedulerOptions);
    this.schedulerOptions = schedulerOptions;
    this.records = new ReminderRecords(store);
  }

  override start(): void {
    super.start();
    const every = this.schedulerOptions.queueCheckMs;
    if (every === false || this.queueCheckTimer) return;
    const next = (ms: number) => {
      this.queueCheckTimer = setTimeout(() => {
        this.queueCheck = this.checkQueue().then(() => {
          this.queueCheck = undefined;
          if (this.queueCheckTimer) next(every);
        });
      }, ms);
      this.queueCheckTimer.unref();
    };
    next(0);
  }

  override async stop(graceMs?: number): Promise<void> {
    clearTimeout(this.queueCheckTimer);
    this.queueCheckTimer = undefined;
    await this.queueCheck;
    await super.stop(graceMs);
  }

  protected async handle(batch: RecordedEvent[], from: Position, to: Position): Promise<Position> {
    const now = this.clock();
    const enrolled = new Map<string, string>();
    const touchedCases = new Set<string>();
    const touchedStudies = new Set<string>();
    const correlationOf = new Map<string, string>();
    const studyCorrelationOf = new Map<string, string>();
    for (const recorded of batch) {
      const event = fromStoredEvent(recorded.type, recorded.data);
      if (!event) continue;
      const correlationId = typeof recorded.metadata.correlationId === 'string' ? recorded.metadata.correlationId : undefined;
      if (event.type === 'ReminderPolicyChanged' || event.type === 'StudyDetailsChanged') {
        if (event.type === 'StudyDetailsChanged' && event.data.timeZone === undefined) continue;
        touchedStudies.add(event.data.studyId);
        if (correlationId) studyCorrelationOf.set(event.data.studyId, correlationId);
        continue;
      }
      if (!(CASE_EVENTS as readonly string[]).includes(event.type)) continue;
      const { caseId } = event.data as { caseId: string };
      if (event.type === 'CaseEnrolled') enrolled.set(caseId, event.data.studyId);
      touchedCases.add(caseId);
      if (correlationId) correlationOf.set(caseId, correlationId);
    }

    return this.dataSource.transaction(async (manager) => {
      // The checkpoint's row lock keeps a rebuild (here or in the CLI) and a second scheduler out
      // while this batch reads records and changes the queue.
      const stored = await this.readCheckpoint(manager, true);
      if (comparePositions(stored, from) !== 0) throw new CheckpointMoved(this.checkpointName);
      await upsertCases(manager, enrolled);
      if (touchedStudies.size > 0) {
        const rows: { case_id: string; study_id: string }[] = await manager.query(
          `SELECT case_id, study_id FROM read_models.reminder_cases WHERE study_id = ANY($1::uuid[])`,
          [[...touchedStudies]],
        );
        for (const row of rows) {
          touchedCases.add(row.case_id);
          const correlationId = studyCorrelationOf.get(row.study_id);
          if (correlationId && !correlationOf.has(row.case_id)) correlationOf.set(row.case_id, correlationId);
        }
      }
      if (touchedCases.size > 0) {
        const caseIds = [...touchedCases];
        const wanted = await this.wantedFor(caseIds, now, correlationOf);
        const rows: { job_id: string; send_at: Date }[] = await manager.query(
          `SELECT job_id, send_at FROM read_models.reminder_jobs WHERE case_id = ANY($1::uuid[])`,
          [caseIds],
        );
        const known = new Map(rows.map((row) => [row.job_id, row.send_at.toISOString()]));
        const changes = await this.bringQueueInStep(wanted, known, now);
        const gone = [...known.keys()].filter((jobId) => !wanted.has(jobId));
        await manager.query(`DELETE FROM read_models.reminder_jobs WHERE job_id = ANY($1::text[])`, [gone]);
        await upsertJobs(
          manager,
          [...wanted.values()].filter((job) => changes.inStep.has(job.reminder.jobId)),
          now,
        );
        if (changes.added + changes.moved + changes.removed > 0) {
          this.options.logger?.info(
            { cases: caseIds.length, added: changes.added, moved: changes.moved, removed: changes.removed },
            `Reminders of ${caseIds.length} case${caseIds.length === 1 ? '' : 's'}: ${changes.added} added, ${changes.moved} moved, ${changes.removed} removed`,
          );
        }
      }
      await this.writeCheckpoint(manager, to);
      return to;
    });
  }

  /**
   * Puts on the queue every reminder the record of every case calls for now, as after Redis lost
   * its data, and takes off every pending job it no longer calls for: the cases are those of every
   * `CaseEnrolled` in the store, so none is missed however far this scheduler has got. Completed
   * jobs are left as they are (their id keeps a sent reminder from being added again); the
   * scheduler's table is written afresh.
   */
  async rebuild(): Promise<ScheduleRebuilt> {
    const enrolled = await this.enrolledCases();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at, version)
         VALUES ($1, 0, 0, now(), $2) ON CONFLICT (name) DO NOTHING`,
        [this.checkpointName, this.options.version ?? 1],
      );
      await this.readCheckpoint(manager, true);
      await upsertCases(manager, enrolled);
      const cases: { case_id: string }[] = await manager.query(`SELECT case_id FROM read_models.reminder_cases`);
      const now = this.clock();
      const wanted = await this.wantedFor(
        cases.map((row) => row.case_id),
        now,
        new Map(),
      );
      await this.redisReady();
      const known = new Map<string, string>();
      for (const job of await this.pendingJobs()) known.set(job.id, job.data.sendAt);
      // A wanted job on the queue but no longer pending (being sent, sent, or failed for good) is left as it is.
      const notPending = [...wanted.values()].filter((job) => !known.has(job.reminder.jobId));
      const states = await this.statesOf(notPending.map((job) => job.reminder.jobId));
      for (const job of notPending) {
        if (states.get(job.reminder.jobId) !== 'unknown') known.set(job.reminder.jobId, job.reminder.sendAt);
      }
      const changes = await this.bringQueueInStep(wanted, known, now);
      await manager.query(`DELETE FROM read_models.reminder_jobs`);
      await upsertJobs(manager, [...wanted.values()], now);
      const rebuilt: ScheduleRebuilt = {
        cases: cases.length,
        reminders: wanted.size,
        added: changes.added,
        alreadyPresent: wanted.size - changes.added - changes.moved,
        moved: changes.moved,
        removed: changes.removed,
      };
      this.options.logger?.info({ ...rebuilt }, `Reminder schedule rebuilt: ${describeRebuild(rebuilt)}`);
      return rebuilt;
    });
  }

  /**
   * Rebuilds the schedule when the queue holds no pending job while the table says reminders are
   * due in the future: Redis has lost them.
   */
  async checkQueue(): Promise<ScheduleRebuilt | undefined> {
    try {
      const rows: { count: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS count FROM read_models.reminder_jobs WHERE send_at > $1`,
        [this.clock()],
      );
      const [{ count }] = rows;
      if (count === 0) return undefined;
      await this.redisReady();
      const counts = await this.queue.getJobCounts('delayed', 'waiting', 'prioritized', 'waiting-children');
      if (Object.values(counts).some((n) => n > 0)) return undefined;
      this.options.logger?.warn(
        { checkpoint: this.checkpointName, pending: count },
        `The reminder queue holds no pending job but ${count} reminder${count === 1 ? ' is' : 's are'} due; rebuilding the schedule`,
      );
      return await this.rebuild();
    } catch (error) {
      // Redis or the database away: the consumer's own retries report it; the next check tries again.
      this.options.logger?.warn({ checkpoint: this.checkpointName, err: error }, `Reminder queue check failed: ${String(error)}`);
      return undefined;
    }
  }

  /** The reminders the cases' records call for at `now`, by job id, each with the job data to add. */
  private async wantedFor(caseIds: string[], now: Date, correlationOf: ReadonlyMap<string, string>): Promise<Map<string, Wanted>> {
    const records: (CaseReminderRecord | undefined)[] = [];
    for (let at = 0; at < caseIds.length; at += RECORD_READS_AT_ONCE) {
      records.push(...(await Promise.all(caseIds.slice(at, at + RECORD_READS_AT_ONCE).map((caseId) => this.records.ofCase(caseId)))));
    }
    const wanted = new Map<string, Wanted>();
    records.forEach((record, index) => {
      if (!record) return;
      const caseId = caseIds[index];
      const { studyId, waves } = record.case;
      for (const reminder of remindersOfCase(record, now.toISOString())) {
        const windowVersion = waves.find((wave) => wave.waveId === reminder.waveId)?.windowVersion ?? 1;
        const data = reminderJobData(reminder, caseId, windowVersion, correlationOf.get(caseId));
        wanted.set(reminder.jobId, { reminder, caseId, studyId, data });
      }
    });
    return wanted;
  }

  /**
   * Adds the wanted jobs not known, removes and adds again the known pending ones now due at
   * another time, and removes the known pending ones no longer wanted. A job a worker holds is left
   * to it: the worker asks the record again before sending. `known` gives each job's `sendAt`, as
   * the scheduler's table says while following events, or as Redis says in a rebuild.
   */
  private async bringQueueInStep(wanted: Map<string, Wanted>, known: Map<string, string>, now: Date): Promise<QueueChanges> {
    const inStep = new Set<string>();
    const toAdd: Wanted[] = [];
    const toMove: Wanted[] = [];
    for (const [jobId, job] of wanted) {
      const knownSendAt = known.get(jobId);
      if (knownSendAt === undefined) toAdd.push(job);
      else if (knownSendAt === job.reminder.sendAt) inStep.add(jobId);
      // One that fell due already is in a worker's hands, or about to be.
      else if (Date.parse(knownSendAt) > now.getTime()) toMove.push(job);
    }
    const toRemove = [...known.keys()].filter((jobId) => !wanted.has(jobId));
    if (toAdd.length + toMove.length + toRemove.length === 0) return { inStep, added: 0, moved: 0, removed: 0 };

    await this.redisReady();
    const states = await this.statesOf([...toAdd, ...toMove].map((job) => job.reminder.jobId).concat(toRemove));
    /** Whether the job is off the queue now: removed, or gone already. */
    const removePending = async (jobId: string): Promise<boolean> => {
      const state = states.get(jobId);
      if (state === 'unknown') return true;
      if (!state || !PENDING.has(state)) return false;
      // 0 when a worker took it in the meantime.
      return (await this.queue.remove(jobId)) === 1;
    };
    let removed = 0;
    for (let at = 0; at < toRemove.length; at += JOBS_PER_COMMAND) {
      const chunk = toRemove.slice(at, at + JOBS_PER_COMMAND).filter((jobId) => states.get(jobId) !== 'unknown');
      removed += (await Promise.all(chunk.map(removePending))).filter(Boolean).length;
    }
    const moved: Wanted[] = [];
    for (let at = 0; at < toMove.length; at += JOBS_PER_COMMAND) {
      const chunk = toMove.slice(at, at + JOBS_PER_COMMAND);
      const off = await Promise.all(chunk.map((job) => removePending(job.reminder.jobId)));
      chunk.forEach((job, index) => off[index] && moved.push(job));
    }
    // A job a worker finished without sending (it fell due while the contact could not be
    // contacted) keeps its id, and BullMQ would refuse the same id again without a word. The
    // record calls for it once more, so it goes; a reminder that went out is recorded as sent and
    // is not wanted, and the worker checks the record again before it sends.
    const finished = toAdd.map((job) => job.reminder.jobId).filter((jobId) => FINISHED.has(states.get(jobId) ?? 'unknown'));
    for (let at = 0; at < finished.length; at += JOBS_PER_COMMAND) {
      await Promise.all(finished.slice(at, at + JOBS_PER_COMMAND).map((jobId) => this.queue.remove(jobId)));
    }
    const adding = [...toAdd, ...moved];
    for (let at = 0; at < adding.length; at += JOBS_PER_COMMAND) {
      await this.queue.addBulk(
        adding.slice(at, at + JOBS_PER_COMMAND).map((job) => ({
          name: 'send-reminder',
          data: job.data,
          opts: { jobId: job.reminder.jobId, delay: Math.max(0, Date.parse(job.reminder.sendAt) - now.getTime()) },
        })),
      );
    }
    for (const job of adding) inStep.add(job.reminder.jobId);
    return { inStep, added: toAdd.length, moved: moved.length, removed };
  }

  private async statesOf(jobIds: string[]): Promise<Map<string, JobState | 'unknown'>> {
    const states = new Map<string, JobState | 'unknown'>();
    for (let at = 0; at < jobIds.length; at += JOBS_PER_COMMAND) {
      const chunk = jobIds.slice(at, at + JOBS_PER_COMMAND);
      const found = await Promise.all(chunk.map((jobId) => this.queue.getJobState(jobId)));
      chunk.forEach((jobId, index) => states.set(jobId, found[index]));
    }
    return states;
  }

  /** Every job on the queue that no worker has taken yet. */
  private async pendingJobs(): Promise<{ id: string; data: ReminderJobData }[]> {
    const jobs: { id: string; data: ReminderJobData }[] = [];
    const page = JOBS_PER_COMMAND * 5;
    for (const state of PENDING) {
      for (let start = 0; ; start += page) {
        const found = await this.queue.getJobs(state, start, start + page - 1, true);
        for (const job of found) if (job?.id) jobs.push({ id: job.id, data: job.data });
        if (found.length < page) break;
      }
    }
    return jobs;
  }

  /** Every case enrolled in the store up to now, with its study. */
  private async enrolledCases(): Promise<Map<string, string>> {
    const enrolled = new Map<string, string>();
    const [head] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    if (!head) return enrolled;
    const subscription = this.store.subscribeToAll({ fromPosition: 'start', filter: { eventTypes: [...storedTypesOf(['CaseEnrolled'])] } });
    try {
      for await (const { events, checkpoint } of subscription) {
        for (const recorded of events) {
          const event = fromStoredEvent(recorded.type, recorded.data);
          if (event?.type === 'CaseEnrolled') enrolled.set(event.data.caseId, event.data.studyId);
        }
        if (comparePositions(checkpoint, head.position) >= 0) break;
      }
    } finally {
      await subscription.close();
    }
    return enrolled;
  }

  /**
   * A queue whose first connection has not been made waits for it in every command; this bounds
   * the wait, so that a batch fails and is retried rather than hangs.
   */
  private async redisReady(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${this.schedulerOptions.redisTimeoutMs} ms`)),
        this.schedulerOptions.redisTimeoutMs,
      );
    });
    try {
      await Promise.race([this.queue.waitUntilReady(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function describeRebuild(rebuilt: ScheduleRebuilt): string {
  return (
    `${rebuilt.cases} case${rebuilt.cases === 1 ? '' : 's'}, ${rebuilt.reminders} reminder${rebuilt.reminders === 1 ? '' : 's'} due: ` +
    `${rebuilt.added} added, ${rebuilt.alreadyPresent} already present, ${rebuilt.moved} moved, ${rebuilt.removed} removed as no longer due`
  );
}

async function upsertCases(manager: EntityManager, enrolled: ReadonlyMap<string, string>): Promise<void> {
  if (enrolled.size === 0) return;
  await manager.query(
    `INSERT INTO read_models.reminder_cases (case_id, study_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[])
     ON CONFLICT (case_id) DO NOTHING`,
    [[...enrolled.keys()], [...enrolled.values()]],
  );
}

async function upsertJobs(manager: EntityManager, jobs: Wanted[], now: Date): Promise<void> {
  for (let at = 0; at < jobs.length; at += 1000) {
    const chunk = jobs.slice(at, at + 1000);
    await manager.query(
      `INSERT INTO read_models.reminder_jobs (job_id, case_id, study_id, wave_id, contact_id, send_at, scheduled_at)
       SELECT *, $7::timestamptz FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[])
       ON CONFLICT (job_id) DO UPDATE SET send_at = EXCLUDED.send_at, scheduled_at = EXCLUDED.scheduled_at
       WHERE reminder_jobs.send_at <> EXCLUDED.send_at`,
      [
        chunk.map((job) => job.reminder.jobId),
        chunk.map((job) => job.caseId),
        chunk.map((job) => job.studyId),
        chunk.map((job) => job.reminder.waveId),
        chunk.map((job) => job.reminder.contactId),
        chunk.map((job) => job.reminder.sendAt),
        now,
      ],
    );
  }
}
